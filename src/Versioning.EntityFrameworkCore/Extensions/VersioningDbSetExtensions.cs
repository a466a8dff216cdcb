// Public entry points live in the namespace of the type they extend, so users need no extra using.
// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Queries over the Versioning history of a set.
/// </summary>
public static partial class VersioningDbSetExtensions
{
    // Each strategy's members are in its folder (Strategies/<strategy>/<strategy>Extensions.cs).
}
