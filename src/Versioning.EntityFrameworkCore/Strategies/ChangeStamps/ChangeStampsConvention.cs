using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Strategies.ChangeStamps;

/// <summary>
/// Shapes the model of an entity type that keeps change stamps: adds <c>CreatedAt</c>, <c>CreatedBy</c>,
/// <c>UpdatedAt</c> and <c>UpdatedBy</c> (shadow unless the class declares them) and makes the <c>Created*</c>
/// properties read-only after insert, so an application change to them is never written.
/// </summary>
internal sealed class ChangeStampsConvention : IEntityTypeAnnotationChangedConvention
{
    /// <inheritdoc />
    public void ProcessEntityTypeAnnotationChanged(
        IConventionEntityTypeBuilder entityTypeBuilder,
        string name,
        IConventionAnnotation? annotation,
        IConventionAnnotation? oldAnnotation,
        IConventionContext<IConventionAnnotation> context)
    {
        if (name != VersioningAnnotationNames.ChangeStamps)
        {
            return;
        }

        if (annotation?.Value is true)
        {
            AddStamp(entityTypeBuilder, ChangeStampPropertyNames.CreatedAt, typeof(DateTime), readOnlyAfterInsert: true);
            AddStamp(entityTypeBuilder, ChangeStampPropertyNames.CreatedBy, typeof(string), readOnlyAfterInsert: true);
            AddStamp(entityTypeBuilder, ChangeStampPropertyNames.UpdatedAt, typeof(DateTime), readOnlyAfterInsert: false);
            AddStamp(entityTypeBuilder, ChangeStampPropertyNames.UpdatedBy, typeof(string), readOnlyAfterInsert: false);
        }
        else
        {
            BookkeepingPropertyConfigurer.RemoveIfAddedByConvention(entityTypeBuilder, ChangeStampPropertyNames.CreatedAt);
            BookkeepingPropertyConfigurer.RemoveIfAddedByConvention(entityTypeBuilder, ChangeStampPropertyNames.CreatedBy);
            BookkeepingPropertyConfigurer.RemoveIfAddedByConvention(entityTypeBuilder, ChangeStampPropertyNames.UpdatedAt);
            BookkeepingPropertyConfigurer.RemoveIfAddedByConvention(entityTypeBuilder, ChangeStampPropertyNames.UpdatedBy);
        }
    }

    private static void AddStamp(IConventionEntityTypeBuilder entityTypeBuilder, string name, Type shadowType, bool readOnlyAfterInsert)
    {
        BookkeepingPropertyConfigurer.Add(entityTypeBuilder, name, shadowType);
        if (readOnlyAfterInsert)
        {
            // Seed 'Simple Update': created_at/created_by describe the insert and never change. Ignoring them after
            // save keeps them out of every UPDATE, even one the interceptor does not see.
            entityTypeBuilder.Metadata.FindProperty(name)?.Builder.AfterSave(PropertySaveBehavior.Ignore);
        }
    }
}
