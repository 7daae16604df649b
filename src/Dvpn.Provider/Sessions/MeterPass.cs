namespace Dvpn.Provider.Sessions;

/// <summary>
/// What one metering pass decided (<see cref="SessionMeter.Apply"/>): sessions to pause (over the credit limit),
/// to resume (paid back under it) and to end. A session is in at most one list.
/// </summary>
internal sealed record MeterPass(List<Session> Pauses, List<Session> Resumes, List<SessionEnding> Endings);
