namespace Dvpn.WireGuard.Userspace.Routing;

/// <summary>
/// The anti-replay filter of one receiving key (whitepaper §5.4.6): a sliding window over the 64-bit nonce counters
/// of transport data messages, kept as a ring of 64-bit blocks (RFC 6479). Moving the window forward clears whole
/// blocks, so each accepted counter costs O(1) however far it jumps.
/// </summary>
/// <remarks>
/// Semantics: let <c>max</c> be the greatest counter accepted so far. A counter <c>c</c> is accepted exactly once if
/// <c>c &gt; max</c>, or if <c>max - c &lt; <see cref="WindowSize"/></c> (so <c>max - (WindowSize - 1)</c> is the oldest
/// counter still accepted, and <c>max - WindowSize</c> is rejected as too old). Counters at or above
/// <see cref="RejectAfterMessages"/> are always rejected. A fresh window behaves as if nothing was seen: counter 0 is
/// accepted first. <see cref="IsAcceptable"/> runs lock-free before decryption; <see cref="TryAccept"/> runs only
/// after the packet authenticated, because an unauthenticated counter must never move the window.
/// </remarks>
internal sealed class ReplayWindow
{
    /// <summary>
    /// REJECT_AFTER_MESSAGES (whitepaper §6.1): 2^64 - 2^13 - 1, the same bound as wireguard-go's
    /// <c>(1 &lt;&lt; 64) - (1 &lt;&lt; 13) - 1</c>. A counter equal to or above it is never accepted.
    /// </summary>
    public const ulong RejectAfterMessages = ulong.MaxValue - (1UL << 13);

    /// <summary>How many counters, the greatest accepted one included, the window covers: 2048.</summary>
    public const int WindowSize = 2048;

    /// <summary>log2 of the bits in one block.</summary>
    private const int BlockBitLog = 6;

    /// <summary>Bits in one block.</summary>
    private const int BlockBits = 1 << BlockBitLog;

    /// <summary>
    /// Blocks in the ring: the window plus one block, because the window's oldest counter may sit anywhere in the
    /// block the ring is about to reuse. 2048 / 64 + 1 = 33; the modulo by a constant compiles to a multiply.
    /// </summary>
    private const int RingBlocks = (WindowSize / BlockBits) + 1;

    private readonly ulong[] _ring = new ulong[RingBlocks];
    private readonly Lock _lock = new();

    /// <summary>The greatest counter accepted so far (0 when nothing was: bit 0 then tells whether 0 was seen).</summary>
    private ulong _greatest;

    /// <summary>
    /// Cheap pre-check before decryption, without changing anything: false when <paramref name="counter"/> is at or
    /// above <see cref="RejectAfterMessages"/>, behind the window, or already accepted. Lock-free; a concurrent
    /// <see cref="TryAccept"/> may make a true answer stale, which <see cref="TryAccept"/> re-checks.
    /// </summary>
    public bool IsAcceptable(ulong counter)
    {
        if (counter >= RejectAfterMessages)
        {
            return false;
        }

        ulong greatest = Volatile.Read(ref _greatest);
        if (counter > greatest)
        {
            return true;
        }

        if (greatest - counter >= WindowSize)
        {
            return false;
        }

        return (Volatile.Read(ref _ring[BlockOf(counter)]) & BitOf(counter)) == 0;
    }

    /// <summary>
    /// Accepts <paramref name="counter"/> of a packet that authenticated: true the first time a counter inside the
    /// window (or ahead of it) is seen, false for a replay, a counter behind the window, or one at or above
    /// <see cref="RejectAfterMessages"/>. Safe to call from several threads at once.
    /// </summary>
    public bool TryAccept(ulong counter)
    {
        if (counter >= RejectAfterMessages)
        {
            return false;
        }

        lock (_lock)
        {
            ulong greatest = _greatest;
            if (counter > greatest)
            {
                // Clear the blocks the window slides onto (they still hold bits from a previous turn of the ring).
                // A jump of a whole ring or more clears everything; the cap keeps this loop O(RingBlocks).
                ulong current = greatest >> BlockBitLog;
                ulong jump = Math.Min((counter >> BlockBitLog) - current, RingBlocks);
                for (ulong i = 1; i <= jump; i++)
                {
                    _ring[(int)((current + i) % RingBlocks)] = 0;
                }

                Volatile.Write(ref _greatest, counter);
            }
            else if (greatest - counter >= WindowSize)
            {
                return false;
            }

            ref ulong block = ref _ring[BlockOf(counter)];
            ulong bit = BitOf(counter);
            if ((block & bit) != 0)
            {
                return false;
            }

            Volatile.Write(ref block, block | bit);
            return true;
        }
    }

    /// <summary>Forgets every counter, as for a new key.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            Array.Clear(_ring);
            Volatile.Write(ref _greatest, 0);
        }
    }

    private static int BlockOf(ulong counter) => (int)((counter >> BlockBitLog) % RingBlocks);

    private static ulong BitOf(ulong counter) => 1UL << (int)(counter & (BlockBits - 1));
}
