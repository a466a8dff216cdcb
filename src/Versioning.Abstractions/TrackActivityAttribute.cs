namespace Versioning;

/// <summary>
/// Names the activity logged when this property changes (for example <c>PRICE_CHANGE</c>) instead of <c>UPDATE</c>.
/// The fluent <c>HasActivityLog(a =&gt; a.Track(p =&gt; p.Price, "PRICE_CHANGE"))</c> overrides this attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class TrackActivityAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="action">The action written to the log when the property changes; must not be empty.</param>
    public TrackActivityAttribute(string action) => Action = action;

    /// <summary>The action written to the log when the property changes.</summary>
    public string Action { get; }
}
