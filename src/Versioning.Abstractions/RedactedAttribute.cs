namespace Versioning;

/// <summary>
/// Marks a secret (an IBAN, a token, a password hash): its changes are logged, but a fixed mask is written instead of
/// the old and new values, so the value never reaches the log. The fluent <c>HasActivityLog(a =&gt; a.Redact(p =&gt; p.Iban))</c>
/// does the same. A key property cannot be redacted (the key identifies the logged entity).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class RedactedAttribute : Attribute
{
    /// <summary>Marks the property as redacted in the history.</summary>
    public RedactedAttribute()
    {
    }

}
