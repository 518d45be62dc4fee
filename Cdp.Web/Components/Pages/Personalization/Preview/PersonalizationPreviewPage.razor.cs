using Cdp.Core.Customers;
using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Personalization.Rendering;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Saved;
using Cdp.Core.Segments.Sets;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace Cdp.Web.Components.Pages.Personalization.Preview;

public partial class PersonalizationPreviewPage
{
    public sealed record ExperienceOption(string Key, string Label);
    public sealed record CustomerOption(int Id, string Label);

    [SupplyParameterFromQuery(Name = "experience")] public string? ExperienceKey { get; set; }
    [SupplyParameterFromQuery(Name = "customer")] public int? CustomerId { get; set; }

    [Inject] private ExperienceStore Experiences { get; set; } = default!;
    [Inject] private SegmentStore Segments { get; set; } = default!;
    [Inject] private SegmentSetCounter Sets { get; set; } = default!;
    [Inject] private CustomerDirectory Customers { get; set; } = default!;
    [Inject] private PersonalizationRenderer Renderer { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<PersonalizationPreviewPage> Logger { get; set; } = default!;

    private IReadOnlyList<ExperienceOption> _experiences = [];
    private IReadOnlyList<CustomerOption> _customers = [];
    private IReadOnlyDictionary<string, string> _segments = new Dictionary<string, string>();
    private string? _randomSegment;
    private RenderedOutput? _output;
    private RenderedOutput? _default;
    private string? _customerName;
    private string? _message;
    private bool _mobile;
    private bool _compare;
    private bool _busy;
    private int _searches;

    protected override async Task OnInitializedAsync()
    {
        _experiences = (await Experiences.ListAsync())
            .Select(e => new ExperienceOption(e.Key, $"{e.Name} ({(e.Kind == ExperienceKind.Email ? "e-mail" : "homepage")}, {e.Status.ToString().ToLowerInvariant()})"))
            .ToList();
        _segments = (await Segments.ListAsync()).ToDictionary(s => s.Key, s => s.Name);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (CustomerId is { } id && _customers.All(c => c.Id != id)) _customers = [await OptionAsync(id)];
        await RenderAsync();
    }

    private Task SelectExperienceAsync(string? key) => GoAsync(key, CustomerId);

    private Task SelectCustomerAsync(int? id) => GoAsync(ExperienceKey, id);

    /// <summary>The choice goes into the address, so a preview can be bookmarked, shared and reloaded.</summary>
    private Task GoAsync(string? experience, int? customer)
    {
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["experience"] = experience,
            ["customer"] = customer,
        }));
        return Task.CompletedTask;
    }

    private async Task SearchCustomersAsync(LoadDataArgs args)
    {
        if (string.IsNullOrWhiteSpace(args.Filter)) return;
        // Searches overlap while typing; only the latest one's answer is shown, whatever order they finish in.
        var search = ++_searches;
        var page = await Customers.ListAsync(new CustomerListQuery { Search = args.Filter, Take = 10 });
        if (search != _searches) return;
        _customers = page.Rows.Select(r => new CustomerOption(r.Id, Label(r.Id, $"{r.FirstName} {r.LastName}".Trim(), r.Email))).ToList();
    }

    private async Task PickRandomAsync()
    {
        if (_randomSegment is null) return;
        try
        {
            if (await Sets.RandomMemberAsync(_randomSegment, Random.Shared) is { } id) await GoAsync(ExperienceKey, id);
            else _message = $"Nobody is in “{_segments.GetValueOrDefault(_randomSegment)}” at the moment.";
        }
        catch (RuleTreeException e)
        {
            _message = $"That segment cannot be evaluated: {e.Errors[0]}";
        }
    }

    private async Task RenderAsync()
    {
        _message = null;
        if (ExperienceKey is null || CustomerId is not { } customerId)
        {
            _output = null;
            return;
        }
        _busy = true;
        try
        {
            if (await Experiences.GetAsync(ExperienceKey) is not { } experience)
            {
                (_output, _message) = (null, $"There is no experience with key “{ExperienceKey}”.");
                return;
            }
            _output = await Renderer.RenderAsync(experience, customerId, withReasons: true);
            if (_output is null)
            {
                _message = $"There is no customer with id {customerId}.";
                return;
            }
            _customerName = _customers.FirstOrDefault(c => c.Id == customerId)?.Label;
            _default = _compare ? await Renderer.RenderVariantAsync(experience, experience.Variants.Count - 1, customerId) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A template that passed its check should not fail, but a preview must never take the page down.
            Logger.LogError(e, "Preview of {Experience} failed", ExperienceKey);
            (_output, _message) = (null, "This preview could not be rendered; the server log has the details.");
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ToggleCompareAsync(bool compare)
    {
        _compare = compare;
        await RenderAsync();
    }

    private async Task<CustomerOption> OptionAsync(int id) =>
        await Customers.GetProfileAsync(id) is { } customer
            ? new CustomerOption(id, Label(id, customer.DisplayName, customer.Email))
            : new CustomerOption(id, $"#{id}");

    private static string Label(int id, string name, string? email) =>
        string.IsNullOrWhiteSpace(email) ? $"{name} (#{id})" : $"{name} · {email}";
}
