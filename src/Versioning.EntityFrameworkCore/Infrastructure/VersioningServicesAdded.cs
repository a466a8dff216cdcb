namespace Versioning.EntityFrameworkCore.Infrastructure;

/// <summary>
/// Registered by <c>AddVersioning()</c>, always: its absence tells a context created from the root provider that an
/// <see cref="IActorAccessor"/> it finds was registered without Versioning knowing its lifetime.
/// </summary>
internal sealed class VersioningServicesAdded;
