using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>
/// The plan of a strategy that keeps deleted rows flagged as deleted (soft delete), as the other strategies ask it: whether
/// a row's values say it is deleted, so that an update that clears the flag is told apart as a restore.
/// </summary>
internal interface IDeletionFlag
{
    /// <summary>Whether <paramref name="row"/> holds the values of a deleted row.</summary>
    bool IsDeleted(PropertyValues row);
}
