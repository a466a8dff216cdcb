using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.PostgreSQL.Update;
using Versioning.EntityFrameworkCore.Tests.TestUtilities;

namespace Versioning.EntityFrameworkCore.Tests.Update;

/// <summary>
/// A bulk update that makes new rows inserts each into one table: a type whose rows are stored in several tables is
/// refused before the statement runs, with the reason.
/// </summary>
public sealed class BulkReplacementRefusalTest
{
    [Fact]
    public void A_table_per_type_hierarchy_is_refused_and_a_single_table_one_is_not_for_its_table()
    {
        var tpt = ModelContext.Build(b => b.Entity<Animal>(a =>
        {
            a.HasAuditTrail().UseTptMappingStrategy();
            b.Entity<Dog>();
        }));
        var tph = ModelContext.Build(b => b.Entity<Animal>(a =>
        {
            a.HasAuditTrail();
            b.Entity<Dog>();
        }));

        BulkReplacementSql.Refusal(tpt.FindEntityType(typeof(Animal))!).Should().Contain("stored in more than one table");
        BulkReplacementSql.Refusal(tpt.FindEntityType(typeof(Dog))!).Should().Contain("stored in more than one table");
        BulkReplacementSql.Refusal(tph.FindEntityType(typeof(Animal))!).Should().NotContain("more than one table");
    }

    public class Animal
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class Dog : Animal
    {
        public bool Barks { get; set; }
    }
}
