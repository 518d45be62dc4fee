using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Personalization.Recommendations;
using Cdp.Core.Personalization.Templates;

namespace Cdp.Core.Personalization.Rendering;

/// <summary>What one customer gets from an experience, and why.</summary>
/// <param name="Subject">E-mail experiences only, like <paramref name="Preheader"/> and <paramref name="Text"/>.</param>
/// <param name="Html">The e-mail body, or the whole homepage document.</param>
/// <param name="Text">The e-mail's plain-text alternative, made from its HTML.</param>
public sealed record RenderedOutput(string ExperienceKey, ExperienceKind Kind, string Variant, string? Subject, string? Preheader,
    string Html, string? Text, Decision Decision);

/// <summary>
/// Decides and renders an experience for one customer: the one place the dashboard, the API and exports get their
/// output from, so all three always agree.
/// </summary>
public sealed class PersonalizationRenderer(
    ExperienceStore experiences, ExperienceDecider decider, PersonalizationModelBuilder models, TemplateRenderer templates,
    RecommendationService recommendations)
{
    /// <returns>Null when there is no experience with that key or no customer with that id.</returns>
    /// <param name="withReasons">Explain each segment check in plain language (the preview); without, the trace only
    /// says in or out (the fast path of the API and bulk renders).</param>
    public async Task<RenderedOutput?> RenderAsync(string experienceKey, int customerId, bool withReasons,
        CancellationToken cancellationToken = default)
    {
        var experience = await experiences.GetAsync(experienceKey, cancellationToken);
        return experience is null ? null : await RenderAsync(experience, customerId, withReasons, cancellationToken);
    }

    /// <returns>Null when there is no customer with that id.</returns>
    public async Task<RenderedOutput?> RenderAsync(ExperienceDetails experience, int customerId, bool withReasons,
        CancellationToken cancellationToken = default)
    {
        if (await models.BuildAsync(customerId, cancellationToken) is not { } model) return null;
        var decision = await decider.DecideAsync(experience, customerId, withReasons, cancellationToken);
        return await RenderAsync(experience, decision, model, cancellationToken);
    }

    /// <summary>One given variant for the customer, whatever the decision would be ("what the default would show").</summary>
    public async Task<RenderedOutput?> RenderVariantAsync(ExperienceDetails experience, int variantIndex, int customerId,
        CancellationToken cancellationToken = default)
    {
        if (await models.BuildAsync(customerId, cancellationToken) is not { } model) return null;
        var variant = experience.Variants[variantIndex];
        var decision = new Decision(variant, variantIndex, false,
            [new DecisionStep(variant.Name, variant.SegmentKey, true, "Shown as asked, without deciding")]);
        return await RenderAsync(experience, decision, model, cancellationToken);
    }

    /// <summary>Renders a decided variant with an already built model (bulk renders build models in batches).</summary>
    public async Task<RenderedOutput> RenderAsync(ExperienceDetails experience, Decision decision, PersonalizationModel model,
        CancellationToken cancellationToken = default)
    {
        var variant = decision.Variant;
        if (experience.Kind == ExperienceKind.Email && variant.Email is not null) return RenderEmail(experience, decision, model);
        var blocks = new List<RenderedBlock>();
        foreach (var block in variant.Blocks ?? [])
            blocks.Add(await RenderBlockAsync(block, model, cancellationToken));
        return new RenderedOutput(experience.Key, experience.Kind, variant.Name, null, null, HomepageLayout.Render(blocks, model.Store), null,
            decision);
    }

    /// <summary>An e-mail variant needs nothing but the model, so it renders synchronously (bulk renders use <see cref="EmailRenderer"/>).</summary>
    internal RenderedOutput RenderEmail(ExperienceDetails experience, Decision decision, PersonalizationModel model)
    {
        var variant = decision.Variant;
        var email = variant.Email ?? throw new ArgumentException($"Variant \"{variant.Name}\" has no e-mail content.", nameof(decision));
        var html = templates.Render(email.Html, TemplateMode.Html, model);
        return new RenderedOutput(experience.Key, experience.Kind, variant.Name, templates.Render(email.Subject, TemplateMode.Text, model),
            email.Preheader is null ? null : templates.Render(email.Preheader, TemplateMode.Text, model), html, PlainText.FromHtml(html),
            decision);
    }

    /// <summary>
    /// <see cref="RenderEmail"/> with each variant's templates compiled once, up front: for a bulk render, which renders
    /// the same few variants for every customer. Thread-safe.
    /// </summary>
    internal Func<Decision, PersonalizationModel, RenderedOutput> EmailRenderer(ExperienceDetails experience)
    {
        var variants = experience.Variants.Select(v => v.Email is { } email
            ? new PreparedEmail(templates.Prepare(email.Subject, TemplateMode.Text),
                email.Preheader is null ? null : templates.Prepare(email.Preheader, TemplateMode.Text),
                templates.Prepare(email.Html, TemplateMode.Html))
            : null).ToArray();
        return (decision, model) =>
        {
            if (variants[decision.VariantIndex] is not { } email || !ReferenceEquals(experience.Variants[decision.VariantIndex], decision.Variant))
                return RenderEmail(experience, decision, model);
            // The same order of work as RenderEmail: HTML, subject, preheader.
            var html = email.Html(model);
            var subject = email.Subject(model);
            var preheader = email.Preheader?.Invoke(model);
            return new RenderedOutput(experience.Key, experience.Kind, decision.Variant.Name, subject, preheader, html, PlainText.FromHtml(html),
                decision);
        };
    }

    private sealed record PreparedEmail(Func<PersonalizationModel, string> Subject, Func<PersonalizationModel, string>? Preheader,
        Func<PersonalizationModel, string> Html);

    private async Task<RenderedBlock> RenderBlockAsync(HomepageBlock block, PersonalizationModel model, CancellationToken cancellationToken)
    {
        // Block texts render as plain text: the layout escapes every text itself, once.
        string? Text(string? template) => template is null ? null : templates.Render(template, TemplateMode.Text, model);
        return block.Type switch
        {
            HomepageBlock.Hero => new HeroBlock(Text(block.ImageUrl), Text(block.Headline), Text(block.SubHeadline), Text(block.CtaText), Text(block.CtaUrl)),
            HomepageBlock.Banner => new BannerBlock(Text(block.Text), Text(block.CouponCode)),
            _ => new ProductRowBlock(Text(block.Headline), await ProductsAsync(block, model, cancellationToken)),
        };
    }

    private async Task<IReadOnlyList<ProductCard>> ProductsAsync(HomepageBlock block, PersonalizationModel model, CancellationToken cancellationToken) =>
        block.Source switch
        {
            HomepageBlock.FromFavorites => model.Favorites.Take(block.Count)
                .Select(f => new ProductCard(f.Name, f.Price, f.Url, f.ImageUrl, f.LowStock ? $"Only {f.Stock} left" : null)).ToList(),
            HomepageBlock.FromBestSellers => (await recommendations.BestSellersAsync(block.Category, block.Count, cancellationToken))
                .Select(r => new ProductCard(r.Name, r.Price, r.Url, r.ImageUrl, r.Reason)).ToList(),
            _ => model.Recommendations.Take(block.Count).Select(r => new ProductCard(r.Name, r.Price, r.Url, r.ImageUrl, r.Reason)).ToList(),
        };
}
