using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Versioning.EntityFrameworkCore.PostgreSQL.Strategies;

/// <summary>
/// The PostgreSQL part of one strategy: the database-enforced invariants (conventions that shape indexes and
/// constraints, statements added when a table is created) and services that replace the provider-neutral ones. The
/// shared code of this package only loops over <see cref="NpgsqlVersioningStrategies.All"/>.
/// </summary>
internal abstract class NpgsqlVersioningStrategy
{
    /// <summary>Adds the strategy's PostgreSQL conventions; they run after the provider-neutral ones.</summary>
    public virtual void AddConventions(ConventionSet conventionSet, ISqlGenerationHelper sqlGenerationHelper)
    {
    }

    /// <summary>Registers the strategy's PostgreSQL services in EF's internal service provider.</summary>
    public virtual void AddServices(IServiceCollection services)
    {
    }

    /// <summary>
    /// A statement to run right after <paramref name="operation"/> renamed its table (without terminator), or
    /// <see langword="null"/>: renames what EF does not know it has, such as a constraint named after the table.
    /// </summary>
    public virtual string? AfterRenameTable(RenameTableOperation operation, IModel? model, ISqlGenerationHelper sql) => null;

    /// <summary>
    /// Statements to run (without terminator) at the end of a migration whose operations touched <paramref name="table"/>
    /// (created, altered, renamed to it, changed its columns), from the migration's target <paramref name="model"/>:
    /// what the strategy keeps on the table that depends on its columns, such as triggers.
    /// <paramref name="mayHaveHadThem"/> says whether the table may have had such things before (the migration altered their
    /// annotation, dropped or renamed the table), so that a strategy drops them only then.
    /// </summary>
    public virtual IEnumerable<string> AfterTableMigrated(string table, string? schema, bool mayHaveHadThem, IModel? model, ISqlGenerationHelper sql)
        => [];

    /// <summary>
    /// Statements (without terminator) that move the data of tables the strategy keeps from one shape to another, run
    /// before the migration's <paramref name="operations"/> (when <paramref name="beforeOperations"/>; the source columns
    /// still exist) or after them and after <see cref="AfterTableMigrated"/> (the new columns exist), towards the target
    /// <paramref name="model"/>.
    /// </summary>
    public virtual IEnumerable<string> MigrateData(
        IReadOnlyList<MigrationOperation> operations, bool beforeOperations, IModel? model, ISqlGenerationHelper sql)
        => [];

    /// <summary>
    /// The SQL value the rows a table already has get when a migration adds the column of <paramref name="property"/>
    /// (of store type <paramref name="storeType"/>) to it, or <see langword="null"/> for EF's own default. EF fills a new
    /// non-nullable column with the CLR default (<c>false</c>, <c>0</c>), which would make existing audited rows past
    /// revisions 0, for instance.
    /// </summary>
    public virtual string? ExistingRowsValue(IProperty property, string? storeType) => null;

    /// <summary>
    /// What this strategy adds to <paramref name="table"/> that EF's model cannot express, as a constraint definition
    /// (<c>EXCLUDE USING gist (…)</c>), or <see langword="null"/>: shown in scaffolded migrations as an annotation of the
    /// table, and run after CREATE TABLE.
    /// </summary>
    public virtual (string Name, string Definition)? ConstraintOf(ITable table, ISqlGenerationHelper sql) => null;

    /// <summary>
    /// Annotations of <paramref name="table"/> that make a change of what the strategy keeps on it a migration (an
    /// <c>AlterTable</c> operation), and carry what the migration needs to write it; shown in scaffolded migrations.
    /// </summary>
    public virtual IEnumerable<IAnnotation> TableAnnotations(ITable table) => [];

    /// <summary>
    /// What the strategy's capture triggers of <paramref name="entityType"/> depend on besides the table's columns (which
    /// logged fields, their actions, which are redacted), as text that changes when the triggers must be re-created, or
    /// <see langword="null"/> when the strategy captures nothing for it. It is the value of the table's
    /// <c>Versioning:DatabaseCapture</c> annotation, so a change of it is a migration that re-creates the triggers. A
    /// captured entity type needs at least one strategy that captures it.
    /// </summary>
    public virtual string? CaptureFingerprint(IEntityType entityType) => null;

    /// <summary>
    /// Why the strategy's triggers cannot capture the writes of <paramref name="entityType"/> as its saves write them, or
    /// <see langword="null"/>; asked only when the strategy captures them (<see cref="CaptureFingerprint"/>).
    /// </summary>
    public virtual string? CaptureRefusal(IEntityType entityType) => null;

    /// <summary>
    /// The capture triggers of <paramref name="model"/> the strategy defers to the commit (qualified names, for
    /// <c>SET CONSTRAINTS</c>): Versioning's own writes that the triggers must leave alone run them immediately, while
    /// the transaction says the writes are its own, instead of at a commit that may also hold the application's raw SQL.
    /// </summary>
    public virtual IEnumerable<string> DeferredCaptureTriggers(IModel model, ISqlGenerationHelper sql) => [];

    /// <summary>
    /// Settings (name, value) the strategy needs in the database session of the context's commands (what a row-level
    /// security policy reads), or none: kept on the connection of every command EF runs for the context and set in every
    /// transaction EF begins or joins (<see cref="Update.TransactionSettingsInterceptor"/>).
    /// </summary>
    public virtual IReadOnlyList<(string Name, string Value)> SessionSettings(DbContext context) => [];
}
