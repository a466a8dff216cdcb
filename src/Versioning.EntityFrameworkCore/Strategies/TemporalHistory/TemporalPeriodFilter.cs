namespace Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

/// <summary>
/// Which rows a temporal query returns, with the period bounds of EF Core's SQL Server temporal queries. A row's
/// period is [ValidFrom, ValidTo); the current row's ValidTo is "forever".
/// </summary>
internal enum TemporalPeriodKind
{
    /// <summary>Every row, current and past.</summary>
    All,

    /// <summary>The row valid at the time: ValidFrom &lt;= t AND ValidTo &gt; t.</summary>
    AsOf,

    /// <summary>Rows valid at some point in [from, to): ValidFrom &lt; to AND ValidTo &gt; from.</summary>
    FromTo,

    /// <summary>Rows valid at some point in [from, to]: ValidFrom &lt;= to AND ValidTo &gt; from.</summary>
    Between,

    /// <summary>Rows whose whole period lies in [from, to]: ValidFrom &gt;= from AND ValidTo &lt;= to.</summary>
    ContainedIn,
}

/// <summary>A temporal query's kind and times (UTC).</summary>
internal readonly record struct TemporalPeriodFilter(TemporalPeriodKind Kind, DateTime From, DateTime To)
{
    public static TemporalPeriodFilter All => new(TemporalPeriodKind.All, default, default);

    public static TemporalPeriodFilter AsOf(DateTime utc) => new(TemporalPeriodKind.AsOf, utc, utc);
}
