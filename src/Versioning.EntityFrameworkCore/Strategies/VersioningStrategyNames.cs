namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>The strategy names used in messages, as users configure them.</summary>
internal static class VersioningStrategyNames
{
    public const string ChangeStamps = "change stamps (HasChangeStamps / [ChangeStamps])";

    public const string SoftDelete = "soft delete (HasSoftDelete / [SoftDelete])";

    public const string SoftDeleteReplaceOnUpdate
        = "soft delete with new record (HasSoftDelete(s => s.ReplaceOnUpdate()) / [SoftDelete(ReplaceOnUpdate = true)])";

    public const string ActivityLog = "an activity log (HasActivityLog / [ActivityLog])";

    public const string TemporalHistory = "temporal history (HasTemporalHistory / [TemporalHistory])";
    public const string AuditTrail = "audit trail (HasAuditTrail / [AuditTrail])";
}
