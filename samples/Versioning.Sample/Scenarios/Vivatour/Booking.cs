using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Versioning.Sample.Scenarios.Vivatour;

/// <summary>Seed 'sync-queue-change-tracking' (Vivatour): a tour booking whose changes a partner system must receive.</summary>
public sealed class Booking
{
    public int Id { get; set; }

    public string Guest { get; set; } = "";

    public string Tour { get; set; } = "";

    public int Seats { get; set; }
}

internal sealed class BookingConfiguration : IEntityTypeConfiguration<Booking>
{
    public void Configure(EntityTypeBuilder<Booking> builder) => builder.HasChangeEvents().HasSoftDelete();
}
