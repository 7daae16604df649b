namespace Dvpn.Client.Tests.Persistence;

/// <summary>
/// A clock set by hand that, unlike FakeTimeProvider, may be set backwards (a user or NTP stepping the system clock)
/// and may answer with a non-zero offset (a TimeProvider is free to).
/// </summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
