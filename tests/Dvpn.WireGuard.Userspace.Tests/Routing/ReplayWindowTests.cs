using Dvpn.WireGuard.Userspace.Routing;

namespace Dvpn.WireGuard.Userspace.Tests.Routing;

/// <summary>The transport-data anti-replay window (whitepaper §5.4.6, RFC 6479).</summary>
public sealed class ReplayWindowTests
{
    [Fact]
    public void RejectAfterMessages_MatchesWireGuardGo()
    {
        // wireguard-go: RejectAfterMessages = (1 << 64) - (1 << 13) - 1.
        ulong wireGuardGo = (ulong)((UInt128.One << 64) - (UInt128.One << 13) - 1);
        Assert.Equal(ReplayWindow.RejectAfterMessages, wireGuardGo);
    }

    [Fact]
    public void TryAccept_InOrder_AcceptsEachOnce()
    {
        var window = new ReplayWindow();
        for (ulong counter = 0; counter < 10_000; counter++)
        {
            Assert.True(window.TryAccept(counter));
            Assert.False(window.TryAccept(counter));
        }
    }

    [Fact]
    public void TryAccept_CounterZeroFirst_AcceptedThenReplayRejected()
    {
        var window = new ReplayWindow();
        Assert.True(window.IsAcceptable(0));
        Assert.True(window.TryAccept(0));
        Assert.False(window.IsAcceptable(0));
        Assert.False(window.TryAccept(0));
        Assert.True(window.TryAccept(1));
    }

    [Fact]
    public void TryAccept_ZeroAfterLaterCounter_AcceptedOnce()
    {
        var window = new ReplayWindow();
        Assert.True(window.TryAccept(5));
        Assert.True(window.TryAccept(0));
        Assert.False(window.TryAccept(0));
    }

    [Fact]
    public void TryAccept_OutOfOrderWithinWindow_AcceptsEachOnce()
    {
        var window = new ReplayWindow();
        ulong[] order = [100, 3, 99, 50, 1000, 101, 2, 999, 64, 63, 128, 127];
        foreach (ulong counter in order)
        {
            Assert.True(window.TryAccept(counter), $"first {counter}");
        }

        foreach (ulong counter in order)
        {
            Assert.False(window.TryAccept(counter), $"replayed {counter}");
        }
    }

    [Theory]
    [InlineData(5000UL)]
    [InlineData(5000UL + 63)]
    [InlineData(5000UL + 64)]
    [InlineData(ReplayWindow.WindowSize)]
    [InlineData(ReplayWindow.WindowSize - 1)]
    [InlineData(1UL << 40)]
    public void TryAccept_AtWindowEdge_OldestInsideAcceptedOneFurtherRejected(ulong greatest)
    {
        var window = new ReplayWindow();
        Assert.True(window.TryAccept(greatest));
        ulong oldestInside = greatest - (ReplayWindow.WindowSize - 1);
        Assert.True(window.IsAcceptable(oldestInside));
        Assert.True(window.TryAccept(oldestInside));
        Assert.False(window.TryAccept(oldestInside));
        if (greatest >= ReplayWindow.WindowSize)
        {
            ulong justOutside = greatest - ReplayWindow.WindowSize;
            Assert.False(window.IsAcceptable(justOutside));
            Assert.False(window.TryAccept(justOutside));
        }
    }

    [Fact]
    public void TryAccept_EveryCounterOfTheWindowBehindTheGreatest_AcceptedOnce()
    {
        var window = new ReplayWindow();
        const ulong greatest = 10_000;
        Assert.True(window.TryAccept(greatest));
        for (ulong counter = greatest - 1; counter > greatest - ReplayWindow.WindowSize; counter--)
        {
            Assert.True(window.TryAccept(counter), $"{counter}");
        }

        for (ulong counter = greatest - ReplayWindow.WindowSize; counter <= greatest; counter++)
        {
            Assert.False(window.TryAccept(counter), $"{counter}");
        }
    }

    [Fact]
    public void TryAccept_HugeJump_OldCountersRejectedAndRingBitsCleared()
    {
        var window = new ReplayWindow();
        for (ulong counter = 0; counter < 3000; counter++)
        {
            Assert.True(window.TryAccept(counter));
        }

        // A jump of exactly a whole ring turn lands on slots that held bits for 0..3000; none may read as seen.
        const ulong jumped = 3000 + (33 * 64 * 7);
        Assert.True(window.TryAccept(jumped));
        Assert.False(window.TryAccept(2999));
        Assert.False(window.TryAccept(0));
        for (ulong counter = jumped - ReplayWindow.WindowSize + 1; counter < jumped; counter++)
        {
            Assert.True(window.TryAccept(counter), $"{counter}");
        }
    }

    [Fact]
    public void TryAccept_JumpOfAWindow_NewlyCoveredCountersFresh()
    {
        var window = new ReplayWindow();
        for (ulong counter = 0; counter < 64 * 40; counter++)
        {
            Assert.True(window.TryAccept(counter));
        }

        // A jump of one window moves 32 blocks (less than the 33-block ring): the slots reused must be cleared, the
        // one still shared with the old window must keep its bits.
        ulong greatest = (64 * 40) - 1;
        ulong next = greatest + ReplayWindow.WindowSize;
        Assert.True(window.TryAccept(next));
        for (ulong counter = greatest + 1; counter < next; counter++)
        {
            Assert.True(window.TryAccept(counter), $"{counter}");
        }
    }

    [Theory]
    [InlineData(ReplayWindow.RejectAfterMessages)]
    [InlineData(ReplayWindow.RejectAfterMessages + 1)]
    [InlineData(ulong.MaxValue)]
    public void TryAccept_AtOrAboveRejectAfterMessages_Rejected(ulong counter)
    {
        var window = new ReplayWindow();
        Assert.False(window.IsAcceptable(counter));
        Assert.False(window.TryAccept(counter));
        Assert.True(window.TryAccept(0)); // and the window did not move
    }

    [Fact]
    public void TryAccept_LastCounterBelowRejectAfterMessages_Accepted()
    {
        var window = new ReplayWindow();
        Assert.True(window.TryAccept(ReplayWindow.RejectAfterMessages - 1));
        Assert.False(window.TryAccept(ReplayWindow.RejectAfterMessages - 1));
        Assert.True(window.TryAccept(ReplayWindow.RejectAfterMessages - ReplayWindow.WindowSize));
        Assert.False(window.TryAccept(ReplayWindow.RejectAfterMessages - ReplayWindow.WindowSize - 1));
    }

    [Fact]
    public void IsAcceptable_CalledRepeatedly_ChangesNothing()
    {
        var window = new ReplayWindow();
        Assert.True(window.TryAccept(10));
        for (int i = 0; i < 3; i++)
        {
            Assert.True(window.IsAcceptable(100_000));
            Assert.True(window.IsAcceptable(9));
            Assert.False(window.IsAcceptable(10));
        }

        // Had IsAcceptable(100_000) moved the window, 9 would now be too old.
        Assert.True(window.TryAccept(9));
        Assert.True(window.TryAccept(100_000));
    }

    [Fact]
    public void Reset_AfterTraffic_ForgetsEverything()
    {
        var window = new ReplayWindow();
        Assert.True(window.TryAccept(0));
        Assert.True(window.TryAccept(1_000_000));
        window.Reset();
        Assert.True(window.TryAccept(0));
        Assert.True(window.TryAccept(5));
        Assert.True(window.TryAccept(1_000_000));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TryAccept_RandomJitteredSequence_MatchesReferenceModel(int seed)
    {
        var random = new SplitMix64((ulong)seed);
        var window = new ReplayWindow();
        var seen = new HashSet<ulong>();
        ulong greatest = 0;
        bool any = false;
        ulong front = 0;
        for (int i = 0; i < 100_000; i++)
        {
            // Mostly forward by a little, sometimes a big jump, often a replay or a straggler up to 1.5 windows back.
            int kind = random.Next(0, 100);
            ulong counter;
            if (kind < 50)
            {
                front += (ulong)random.Next(0, 4);
                counter = front;
            }
            else if (kind < 52)
            {
                front += (ulong)random.Next(64, 10_000);
                counter = front;
            }
            else
            {
                ulong back = (ulong)random.Next(0, ReplayWindow.WindowSize * 3 / 2);
                counter = front >= back ? front - back : 0;
            }

            bool expected = (!any || counter > greatest || greatest - counter < ReplayWindow.WindowSize) && !seen.Contains(counter);
            Assert.Equal(expected, window.IsAcceptable(counter));
            Assert.Equal(expected, window.TryAccept(counter));
            if (expected)
            {
                seen.Add(counter);
                greatest = any ? Math.Max(greatest, counter) : counter;
                any = true;
            }
        }
    }

    [Fact]
    public void TryAccept_SameCountersFromSeveralThreads_EachAcceptedExactlyOnce()
    {
        var window = new ReplayWindow();
        const int Threads = 4;
        const int Rounds = 25;
        int[] accepted = new int[Rounds * ReplayWindow.WindowSize];
        using var roundDone = new Barrier(Threads);
        Exception? failure = null;
        Thread[] threads = [.. Enumerable.Range(0, Threads).Select(seed => new Thread(() =>
        {
            try
            {
                Race(seed);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Interlocked.CompareExchange(ref failure, e, null);
                roundDone.RemoveParticipant(); // let the others finish rather than wait for this thread forever
            }
        }))];
        foreach (Thread t in threads)
        {
            t.Start();
        }

        foreach (Thread t in threads)
        {
            t.Join();
        }

        Assert.Null(failure);
        Assert.All(accepted, count => Assert.Equal(1, count));

        void Race(int seed)
        {
            var random = new SplitMix64((ulong)seed);
            int[] order = Enumerable.Range(0, ReplayWindow.WindowSize).ToArray();
            for (int round = 0; round < Rounds; round++)
            {
                // Each round's counters fit in one window, so every thread races on all of them (in its own order)
                // and none can fall behind; the barrier keeps the next round from moving the window meanwhile.
                random.Shuffle(order);
                foreach (int offset in order)
                {
                    int counter = (round * ReplayWindow.WindowSize) + offset;
                    if (window.TryAccept((ulong)counter))
                    {
                        Interlocked.Increment(ref accepted[counter]);
                    }
                }

                roundDone.SignalAndWait();
            }
        }
    }
}
