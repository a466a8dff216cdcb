// Public entry points live in the namespace of the type they extend, so users need no extra using.
// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Query operators of the Versioning strategies.
/// </summary>
public static partial class VersioningQueryableExtensions
{
    // Each strategy's members are in its folder (Strategies/<strategy>/<strategy>Extensions.cs).
}
