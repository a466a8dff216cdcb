// Public entry points live in the namespace of the type they extend, so users need no extra using.
// ReSharper disable once CheckNamespace
namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Fluent configuration of the Versioning strategies on an entity type.
/// </summary>
public static partial class VersioningEntityTypeBuilderExtensions
{
    // Each strategy's members are in its folder (Strategies/<strategy>/<strategy>Extensions.cs).
}
