using Microsoft.EntityFrameworkCore;
using Versioning.EntityFrameworkCore.Tests.TestUtilities;

namespace Versioning.EntityFrameworkCore.Tests.Metadata;

public class StrategyCombinationModelTest
{
    [Fact]
    public void Replace_on_update_with_temporal_history_is_rejected_naming_the_entity_and_both_strategies()
    {
        var act = () => ModelContext.Build(b => b.Entity<EmailAddress>()
            .HasSoftDelete(s => s.ReplaceOnUpdate())
            .HasTemporalHistory());

        act.Should().Throw<InvalidOperationException>().WithMessage(
            "The entity type 'EmailAddress' uses both soft delete with new record * and temporal history *remove one of the two.");
    }

    [Fact]
    public void Replace_on_update_combines_with_an_activity_log()
    {
        var model = ModelContext.Build(b => b.Entity<EmailAddress>()
            .HasSoftDelete(s => s.ReplaceOnUpdate())
            .HasActivityLog());

        var entityType = model.FindEntityType(typeof(EmailAddress))!;
        entityType.IsSoftDeleteReplaceOnUpdate().Should().BeTrue();
        entityType.HasActivityLog().Should().BeTrue();
    }

    [Fact]
    public void Plain_soft_delete_combines_with_temporal_history_stamps_and_an_activity_log()
    {
        var model = ModelContext.Build(b => b.Entity<EmailAddress>()
            .HasSoftDelete()
            .HasTemporalHistory()
            .HasChangeStamps()
            .HasActivityLog());

        var entityType = model.FindEntityType(typeof(EmailAddress))!;
        entityType.IsSoftDeletable().Should().BeTrue();
        entityType.IsTemporal().Should().BeTrue();
        entityType.HasActivityLog().Should().BeTrue();
    }

    private sealed class EmailAddress
    {
        public int Id { get; set; }

        public string Address { get; set; } = "";
    }
}
