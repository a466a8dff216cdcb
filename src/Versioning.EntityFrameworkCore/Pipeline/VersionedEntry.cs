using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Versioning.EntityFrameworkCore.Metadata;
using Versioning.EntityFrameworkCore.Strategies;
using Versioning.EntityFrameworkCore.Strategies.ActivityLog;
using Versioning.EntityFrameworkCore.Strategies.AuditTrail;
using Versioning.EntityFrameworkCore.Strategies.ChangeStamps;
using Versioning.EntityFrameworkCore.Strategies.SoftDelete;
using Versioning.EntityFrameworkCore.Strategies.TemporalHistory;
using Versioning.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.ChangeTracking;
using Versioning.EntityFrameworkCore.Pipeline.Batching;

namespace Versioning.EntityFrameworkCore.Pipeline;

/// <summary>A tracked entity of a versioned type, as it stood when the save began.</summary>
/// <param name="Entry">The entry.</param>
/// <param name="State">The state the application left it in (handlers may change the entry's state later).</param>
/// <param name="Plan">What the strategies of its type do.</param>
internal readonly record struct VersionedEntry(EntityEntry Entry, EntityState State, EntitySavePlan Plan);
