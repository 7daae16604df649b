namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>A packet waiting for a session, in a buffer rented from the shared pool (returned when sent or dropped).</summary>
internal readonly record struct StagedPacket(byte[] Buffer, int Length);
