namespace Versioning.EntityFrameworkCore;

/// <summary>Where a change event is in its delivery by the relay (<see cref="ChangeEvent.Status"/>).</summary>
public enum ChangeEventStatus
{
    /// <summary>Not delivered yet: waiting for its first attempt, or for the next one after a failure.</summary>
    Pending = 0,

    /// <summary>Delivered to every handler.</summary>
    Delivered = 1,

    /// <summary>Dead-lettered: every allowed attempt failed; the relay leaves it alone until it is retried by hand.</summary>
    Failed = 2,
}
