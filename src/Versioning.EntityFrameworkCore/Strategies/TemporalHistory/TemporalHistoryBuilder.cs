using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Metadata.Builders;

/// <summary>
/// Configures the history table of a temporal entity type, in <c>HasTemporalHistory(t =&gt; t.ToTable("document_history"))</c>.
/// </summary>
public sealed class TemporalHistoryBuilder
{
    private readonly IMutableEntityType _entityType;

    internal TemporalHistoryBuilder(IMutableEntityType entityType) => _entityType = entityType;

    /// <summary>
    /// Names the history table. The name is used as given (a naming convention does not rewrite it); by default the
    /// table is the entity's table + "History", which a naming convention rewrites (<c>documents_history</c>).
    /// </summary>
    /// <param name="name">The table name.</param>
    /// <param name="schema">The schema; <see langword="null"/> for the entity's own schema.</param>
    /// <returns>The same builder, for chaining.</returns>
    public TemporalHistoryBuilder ToTable(string name, string? schema = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _entityType.SetAnnotation(VersioningAnnotationNames.TemporalHistoryTable, name);
        _entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.TemporalHistorySchema, schema);
        return this;
    }

    /// <summary>
    /// Says what the history table keeps of the entity's <c>[Redacted]</c> properties: the mask <c>***</c> instead of each
    /// value (<see cref="TemporalRedaction.Mask"/>, the default, string properties only), or nothing at all, without a
    /// column (<see cref="TemporalRedaction.Exclude"/>, nullable properties of any type).
    /// </summary>
    /// <param name="redaction">What the history keeps.</param>
    /// <returns>The same builder, for chaining.</returns>
    public TemporalHistoryBuilder RedactedValues(TemporalRedaction redaction)
    {
        _entityType.SetOrRemoveAnnotation(VersioningAnnotationNames.TemporalRedaction, redaction == TemporalRedaction.Mask ? null : redaction);
        return this;
    }
}
