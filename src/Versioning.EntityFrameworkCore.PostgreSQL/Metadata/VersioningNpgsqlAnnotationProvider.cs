using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.Internal;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.PostgreSQL.Strategies;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Metadata;

/// <summary>
/// Npgsql's relational annotations plus Versioning's (<see cref="VersioningNpgsqlAnnotationNames"/>): they reach the
/// migration operations EF's differ builds, so the scaffolded C# shows the constraints and values Versioning's migrations
/// SQL generator adds, and the generator reads them from the operation.
/// </summary>
#pragma warning disable EF1001 // Npgsql's annotation provider is public in an Internal namespace: deriving keeps Npgsql's own annotations.
internal sealed class VersioningNpgsqlAnnotationProvider(RelationalAnnotationProviderDependencies dependencies, ISqlGenerationHelper sql)
    : NpgsqlAnnotationProvider(dependencies)
{
    public override IEnumerable<IAnnotation> For(ITable table, bool designTime)
    {
        foreach (var annotation in base.For(table, designTime))
        {
            yield return annotation;
        }

        if (!designTime)
        {
            yield break;
        }

        foreach (var strategy in NpgsqlVersioningStrategies.All)
        {
            if (strategy.ConstraintOf(table, sql) is { } constraint)
            {
                yield return new Annotation(VersioningNpgsqlAnnotationNames.ConstraintPrefix + constraint.Name, constraint.Definition);
            }

            foreach (var annotation in strategy.TableAnnotations(table))
            {
                yield return annotation;
            }
        }

        // Shown on the table so that a migration sees the capture triggers come, go or change what they write (an
        // AlterTable operation): what the capturing strategies' triggers depend on besides the columns.
        var captured = table.EntityTypeMappings.Select(m => m.TypeBase).OfType<IEntityType>().Where(e => e.IsDatabaseCaptured()).ToList();
        if (captured.Count > 0)
        {
            yield return new Annotation(
                VersioningNpgsqlAnnotationNames.DatabaseCapture,
                string.Join("; ", captured.SelectMany(e => NpgsqlVersioningStrategies.All.Select(s => s.CaptureFingerprint(e))).OfType<string>()));
        }
    }

    public override IEnumerable<IAnnotation> For(IColumn column, bool designTime)
    {
        foreach (var annotation in base.For(column, designTime))
        {
            yield return annotation;
        }

        if (designTime && ExistingRowsValue(column) is { } value)
        {
            yield return new Annotation(VersioningNpgsqlAnnotationNames.ExistingRowsValue, value);
        }
    }

    public override IEnumerable<IAnnotation> For(ITableIndex index, bool designTime)
    {
        foreach (var annotation in base.For(index, designTime))
        {
            yield return annotation;
        }

        if (designTime && index.IsUnique && index.MappedIndexes.Any(i => i.FindAnnotation(VersioningAnnotationNames.DeferredConstraint)?.Value is true))
        {
            yield return new Annotation(VersioningNpgsqlAnnotationNames.DeferredConstraint, true);
        }
    }

    /// <summary>What the strategies say existing rows get in <paramref name="column"/>, or <see langword="null"/>.</summary>
    public static string? ExistingRowsValue(IColumn column)
    {
        foreach (var mapping in column.PropertyMappings)
        {
            foreach (var strategy in NpgsqlVersioningStrategies.All)
            {
                if (strategy.ExistingRowsValue(mapping.Property, column.StoreType) is { } value)
                {
                    return value;
                }
            }
        }

        return null;
    }
}
#pragma warning restore EF1001
