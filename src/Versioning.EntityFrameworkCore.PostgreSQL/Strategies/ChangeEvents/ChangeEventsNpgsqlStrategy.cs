using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies.ChangeEvents;

/// <summary>
/// Change events on PostgreSQL: the before and after values are <c>jsonb</c>, and the outbox wakes the relay on every
/// insert (<see cref="ChangeEventsNotification"/>, a statement trigger created and dropped by migrations with the table).
/// </summary>
internal sealed class ChangeEventsNpgsqlStrategy : NpgsqlVersioningStrategy
{
    public override void AddConventions(ConventionSet conventionSet, ISqlGenerationHelper sqlGenerationHelper)
        => conventionSet.Add(new JsonbConvention());

    public override IEnumerable<string> AfterTableMigrated(string table, string? schema, bool mayHaveHadThem, IModel? model, ISqlGenerationHelper sql)
    {
        var outbox = model?.FindEntityType(typeof(ChangeEvent));
        if (outbox != null && outbox.GetTableName() == table && outbox.GetSchema() == schema)
        {
            return ChangeEventsNotification.Create(table, schema, sql);
        }

        // Only a table the target model no longer has can have been the outbox (dropped, or renamed away); a table that
        // stays in the model was never one (the outbox keeps its table while any entity type writes events).
        return mayHaveHadThem && model?.GetRelationalModel().FindTable(table, schema) == null
            ? [ChangeEventsNotification.Drop(table, schema, sql)]
            : [];
    }

    /// <summary>Stores <see cref="ChangeEvent.Before"/> and <see cref="ChangeEvent.After"/> as <c>jsonb</c>, queryable and indexable as JSON.</summary>
    private sealed class JsonbConvention : IModelFinalizingConvention
    {
        public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
        {
            var outbox = modelBuilder.Metadata.FindEntityType(typeof(ChangeEvent));
            outbox?.FindProperty(nameof(ChangeEvent.Before))?.Builder.HasColumnType("jsonb");
            outbox?.FindProperty(nameof(ChangeEvent.After))?.Builder.HasColumnType("jsonb");
        }
    }
}
