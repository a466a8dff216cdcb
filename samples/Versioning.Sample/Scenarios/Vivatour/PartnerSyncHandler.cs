using Versioning.EntityFrameworkCore;

namespace Versioning.Sample.Scenarios.Vivatour;

/// <summary>
/// The partner system's endpoint, as the relay sees it: down for its first two calls, then up. It remembers what it
/// received, as the partner would.
/// </summary>
internal sealed class PartnerSyncHandler : IChangeEventHandler
{
    private int _calls;

    public List<string> Received { get; } = [];

    public Task HandleAsync(ChangeEvent changeEvent, CancellationToken cancellationToken)
    {
        if (changeEvent.StreamType != nameof(Booking))
        {
            return Task.CompletedTask;
        }

        if (++_calls <= 2)
        {
            throw new HttpRequestException($"partner endpoint unavailable (call {_calls})");
        }

        Received.Add($"{changeEvent.Kind} v{changeEvent.StreamVersion}");
        return Task.CompletedTask;
    }
}
