using System.Globalization;

namespace Versioning.EntityFrameworkCore.Properties;

// The change stamps part of VersioningStrings; Properties/VersioningStrings.cs has the shared members.
internal static partial class VersioningStrings
{
    public static string BulkUpdateSetsCreatedStamp(string entityType, string property)
        => Format(
            "ExecuteUpdate sets '{0}.{1}', but change stamps make created stamps immutable after insert. Remove that setter "
            + "(UpdatedAt/UpdatedBy are set for you).",
            entityType, property);
}
