namespace Versioning.EntityFrameworkCore.Metadata;

// The change stamps part of VersioningAnnotationNames; Metadata/VersioningAnnotationNames.cs has the shared members.
public static partial class VersioningAnnotationNames
{
    /// <summary>Entity type annotation: <see langword="true"/> when the entity keeps change stamps.</summary>
    public const string ChangeStamps = Prefix + "ChangeStamps";
}
