using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;

namespace Versioning.EntityFrameworkCore.FunctionalTests.Temporal;


/// <summary>
/// Stands in for the soft-delete strategy (not on this branch): runs before temporal history and turns the delete of
/// a document into an update that keeps the row, as soft delete does ("plus soft delete").
/// </summary>
internal sealed class RowKeepingDeleteHandler : IVersioningHandler
{
    public const string DeletedSuffix = " (deleted)";

    public int Order => TemporalHistoryHandler.Position - 1;

    public void Handle(VersioningChangeSet changeSet)
    {
        foreach (var (entry, state, _) in changeSet.Entries)
        {
            if (state == EntityState.Deleted && entry.Entity is Document document)
            {
                changeSet.UndoLog.RecordState(entry);
                entry.State = EntityState.Modified;
                changeSet.SetValue(entry, entry.Metadata.GetProperty(nameof(Document.Title)), document.Title + DeletedSuffix);
            }
        }
    }
}

/// <summary>Adds <see cref="RowKeepingDeleteHandler"/> to a context's Versioning pipeline.</summary>
internal sealed class RowKeepingDeleteExtension : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
        => services.AddSingleton<IVersioningHandler, RowKeepingDeleteHandler>();

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
            => debugInfo["Test:RowKeepingDelete"] = "1";
    }
}
