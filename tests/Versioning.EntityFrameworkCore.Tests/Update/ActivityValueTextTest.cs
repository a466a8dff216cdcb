using Versioning.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Tests.Update;

/// <summary>
/// The activity log's text of a value is canonical: the same value gives the same text whatever its source (the CLR,
/// or a database column with its own scale or time zone handling).
/// </summary>
public class ActivityValueTextTest
{
    [Fact]
    public void Decimals_are_written_without_trailing_zeros_or_exponents()
    {
        InvariantValueText.Format(79.90m).Should().Be("79.9");
        InvariantValueText.Format(79.9m).Should().Be("79.9");
        InvariantValueText.Format(48.850000m).Should().Be("48.85");
        InvariantValueText.Format(100m).Should().Be("100");
        InvariantValueText.Format(100.00m).Should().Be("100");
        InvariantValueText.Format(0.0000001m).Should().Be("0.0000001");
        InvariantValueText.Format(-0.50m).Should().Be("-0.5");
        InvariantValueText.Format(0.00m).Should().Be("0");
    }

    [Fact]
    public void Times_are_ISO_8601_UTC_to_the_microsecond()
    {
        var utc = new DateTime(2026, 3, 1, 9, 30, 15, DateTimeKind.Utc).AddTicks(1234567);
        InvariantValueText.Format(utc).Should().Be("2026-03-01T09:30:15.123456Z");
        InvariantValueText.Format(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified)).Should().Be("2026-03-01T09:30:15.123456Z", "a column without time zone holds UTC");
        InvariantValueText.Format(new DateTimeOffset(utc).ToOffset(TimeSpan.FromHours(2))).Should().Be("2026-03-01T09:30:15.123456Z");
        InvariantValueText.Format(utc.ToLocalTime()).Should().Be("2026-03-01T09:30:15.123456Z");
    }
}
