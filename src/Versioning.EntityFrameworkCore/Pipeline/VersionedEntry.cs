using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Versioning.EntityFrameworkCore.Strategies;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>A tracked entity of a versioned type, as it stood when the save began.</summary>
/// <param name="Entry">The entry.</param>
/// <param name="State">The state the application left it in (handlers may change the entry's state later).</param>
/// <param name="Plan">What the strategies of its type do.</param>
internal readonly record struct VersionedEntry(EntityEntry Entry, EntityState State, EntitySavePlan Plan);
