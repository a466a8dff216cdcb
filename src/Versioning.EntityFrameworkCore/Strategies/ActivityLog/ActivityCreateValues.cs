namespace Versioning.EntityFrameworkCore;

/// <summary>What the activity log writes when an entity is inserted (<c>HasActivityLog(a =&gt; a.CreateValues(...))</c>).</summary>
public enum ActivityCreateValues
{
    /// <summary>
    /// One <c>CREATE</c> row per logged field, its initial value in <c>NewValue</c> and <c>OldValue</c> null (the
    /// default); an entity without logged fields gets one <c>CREATE</c> row without a field.
    /// </summary>
    Fields = 0,

    /// <summary>One <c>CREATE</c> row without values.</summary>
    None = 1,

    /// <summary>
    /// One <c>CREATE</c> row whose <c>NewValue</c> is a JSON object of the logged fields' initial values (as text, redacted
    /// fields masked).
    /// </summary>
    Snapshot = 2,
}
