using Microsoft.Extensions.Options;

namespace Cdp.Core.Limits;

/// <summary>Refuses to start with limits that cannot work, naming each key (<see cref="LimitSettings.Problems"/>).</summary>
internal sealed class LimitsValidation : IValidateOptions<CdpOptions>
{
    public ValidateOptionsResult Validate(string? name, CdpOptions options) =>
        options.Limits.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
