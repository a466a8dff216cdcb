using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>
/// A strategy plan that writes values on every inserted row (change stamps). A row that another strategy inserts in place
/// of an updated one (a new revision, a new record) is an insert too, and gets these values from it.
/// </summary>
internal interface INewRowStamps
{
    /// <summary>The values of a row inserted at <paramref name="timestamp"/> (a save's, or a bulk statement's) by <paramref name="actorId"/>.</summary>
    (IProperty Property, object? Value)[] InsertValues(DateTime timestamp, string? actorId);
}
