namespace Versioning;

/// <summary>
/// Keeps the temporal history of the entity (SQL:2011 system-versioned style): its table gains <c>ValidFrom</c> and
/// <c>Version</c>, and every update or delete copies the previous state, with its validity period
/// [<c>ValidFrom</c>, <c>ValidTo</c>), its <c>Version</c> and <c>ChangedBy</c>, to a history table
/// (<c>&lt;table&gt;History</c> by default, <c>&lt;table&gt;_history</c> under snake_case naming).
/// </summary>
/// <remarks>
/// <c>ValidFrom</c> (<see cref="DateTime"/> or <see cref="DateTimeOffset"/>) and <c>Version</c> (<see cref="int"/>)
/// declared on the class are used as they are; otherwise shadow properties are added. The fluent
/// <c>HasTemporalHistory()</c> call overrides this attribute.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class TemporalHistoryAttribute : Attribute
{
    /// <summary>Marks the entity type as keeping a temporal history.</summary>
    public TemporalHistoryAttribute()
    {
    }

    /// <summary>The name of the history table; <see langword="null"/> for the default (<c>&lt;table&gt;History</c>).</summary>
    public string? Table { get; set; }
}
