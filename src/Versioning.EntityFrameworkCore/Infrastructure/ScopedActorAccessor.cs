namespace Versioning.EntityFrameworkCore.Infrastructure;

/// <summary>
/// Registered by <c>AddVersioning()</c> when the application's <see cref="IActorAccessor"/> is a scoped service: a
/// context that EF created from the root provider then cannot find the accessor of the code that saves.
/// </summary>
internal sealed class ScopedActorAccessor;
