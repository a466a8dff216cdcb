namespace Versioning.EntityFrameworkCore.Metadata.Internal;

/// <summary>The strategy names used in messages, as users configure them.</summary>
internal static class VersioningStrategyNames
{
    public const string ChangeStamps = "change stamps (HasChangeStamps / [ChangeStamps])";

    public const string TemporalHistory = "temporal history (HasTemporalHistory / [TemporalHistory])";
}
