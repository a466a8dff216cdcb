namespace Versioning.EntityFrameworkCore.Pipeline.Rows;

/// <summary>
/// The row writer of every provider: each stated row becomes an EF entity (a property bag for a shared-type history
/// table) that EF inserts in its own batch and transaction. A failed save detaches them again (the change set records
/// them in its undo log).
/// </summary>
internal sealed class EntityRowWriter : IVersioningRowWriter
{
    public bool WritesSetBased => false;

    /// <summary>The provider's writer if it registered one, else an <see cref="EntityRowWriter"/>.</summary>
    public static IVersioningRowWriter Or(IEnumerable<IVersioningRowWriter> providerWriters)
        => providerWriters.FirstOrDefault() ?? new EntityRowWriter();

    public void Write(VersioningChangeSet save) => WriteAsEntities(save);

    public int Saved(VersioningChangeSet save) => 0;

    /// <summary>Tracks every stated row as an added entity.</summary>
    public static void WriteAsEntities(VersioningChangeSet save)
    {
        foreach (var table in save.Rows.Tables)
        {
            var layout = table.Layout;
            foreach (var (_, row) in table.Rows)
            {
                save.Add(layout.Table, layout.ToEntity(row));
            }
        }
    }
}
