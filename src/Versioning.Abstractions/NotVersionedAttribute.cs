namespace Versioning;

/// <summary>
/// Leaves the property out of the activity log: a change to it alone writes no log row. Use it for noisy fields
/// (view counters, caches, notes). The fluent <c>HasActivityLog(a =&gt; a.Ignore(p =&gt; p.Notes))</c> does the same.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class NotVersionedAttribute : Attribute
{
    /// <summary>Marks the property as left out of the history.</summary>
    public NotVersionedAttribute()
    {
    }

}
