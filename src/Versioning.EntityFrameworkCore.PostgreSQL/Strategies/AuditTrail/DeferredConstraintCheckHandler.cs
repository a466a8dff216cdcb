using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.AuditTrail;

/// <summary>
/// Keeps a <see cref="DeferredConstraintCheck"/> in a save that writes audit-trail entities, so that their deferred
/// constraints are checked before EF accepts the save.
/// </summary>
internal sealed class DeferredConstraintCheckHandler(ISqlGenerationHelper sql) : IVersioningHandler
{
    /// <summary>Right after the audit trail's handler, which decided what the save writes of those entities.</summary>
    public int Order => AuditTrailHandler.Position + 1;

    public void Handle(VersioningChangeSet changeSet)
    {
        List<EntityEntry>? audited = null;
        foreach (var (entry, _, plan) in changeSet.Entries)
        {
            if (plan.Find<AuditTrailPlan>() != null)
            {
                (audited ??= []).Add(entry);
            }
        }

        if (audited != null && DeferredConstraintCheck.For(audited, sql) is { } check)
        {
            changeSet.Keep(check);
        }
    }
}
