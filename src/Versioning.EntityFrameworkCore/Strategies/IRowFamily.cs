using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies;

/// <summary>
/// The plan of a strategy whose rows of one entity are many (audit-trail revisions): the rows form a family identified
/// by its first row's key, and each row has a name within it. Records that outlive single rows (the activity log) are
/// kept per family, so that an entity's records stay together across its rows.
/// </summary>
internal interface IRowFamily
{
    /// <summary>The key of the family of the row holding <paramref name="row"/>'s values: its first row's key.</summary>
    object? FamilyKey(PropertyValues row);

    /// <summary>
    /// The name of the row holding <paramref name="row"/>'s values within its family (<c>revision 3</c>), or, when
    /// <paramref name="next"/>, of the row that replaces it.
    /// </summary>
    string RowName(PropertyValues row, bool next);

    /// <summary>For writers in SQL: the properties whose first non-null value is the family key (<c>RootId</c>, then the key).</summary>
    IReadOnlyList<IProperty> FamilyKeyProperties { get; }

    /// <summary>For writers in SQL: a row's name is <see cref="RowNamePrefix"/> followed by the value of this property.</summary>
    IProperty RowNumber { get; }

    /// <summary>The text before the row's number in its name (<c>revision </c>).</summary>
    string RowNamePrefix { get; }
}
