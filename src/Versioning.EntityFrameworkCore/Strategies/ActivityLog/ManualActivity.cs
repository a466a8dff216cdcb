namespace Versioning.EntityFrameworkCore.Strategies.ActivityLog;

/// <summary>A named domain activity (<c>db.LogActivity(entity, "SHIPPED", ...)</c>) waiting for the next SaveChanges.</summary>
/// <param name="Entity">The entity the activity is about.</param>
/// <param name="Action">The activity's name.</param>
/// <param name="Details">The caller's text, or <see langword="null"/> for the change scope's reason.</param>
internal sealed record ManualActivity(object Entity, string Action, string? Details);
