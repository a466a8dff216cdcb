namespace Versioning.EntityFrameworkCore.Metadata;

// The tenancy part of VersioningAnnotationNames; Metadata/VersioningAnnotationNames.cs has the shared members.
public static partial class VersioningAnnotationNames
{
    /// <summary>Entity type annotation: <see langword="true"/> when the entity's rows are isolated by tenant.</summary>
    public const string Tenancy = Prefix + "Tenancy";
}
