using Dvpn.Protocol.V1;
using Dvpn.Provider.Sessions;

namespace Dvpn.Provider.Tests.Sessions;

public sealed class PaymentStreamTests : IDisposable
{
    private readonly SessionKit _kit = new();

    [Fact]
    public async Task Complete_WithCutOff_QueuedMessagesFirstThenCutOff()
    {
        var stream = new PaymentStream();
        Assert.True(stream.TryPostInvoice(new Invoice { Sequence = 1 }));
        Assert.True(await stream.PostReceiptAsync(new TicketReceipt { Nonce = 7 }, CancellationToken.None));

        stream.Complete(new CutOff { Reason = CutOffReason.CreditExceeded });

        var drained = new List<ProviderPaymentMessage>();
        await foreach (ProviderPaymentMessage m in stream.Reader.ReadAllAsync())
        {
            drained.Add(m);
        }

        Assert.Equal(2, drained.Count);
        Assert.Equal(1UL, drained[0].Invoice.Sequence);
        Assert.Equal(7UL, drained[1].Receipt.Nonce);
        Assert.Equal(CutOffReason.CreditExceeded, stream.CutOff?.Reason);
        Assert.False(await stream.PostReceiptAsync(new TicketReceipt(), CancellationToken.None));
    }

    [Fact]
    public void TryEnd_AttachedStream_GetsTheCutOffOnce()
    {
        using Session session = _kit.OpenSession();
        var stream = new PaymentStream();
        Assert.True(session.TryAttach(stream));

        Assert.True(session.TryEnd(CutOffReason.Idle, "idle"));
        Assert.False(session.TryEnd(CutOffReason.Closed, "closed"));

        Assert.Equal(CutOffReason.Idle, stream.CutOff?.Reason);
        Assert.True(stream.Reader.Completion.IsCompleted);
        Assert.Equal(CutOffReason.Idle, session.EndReason);
        Assert.False(session.TryAttach(new PaymentStream()));
    }

    [Fact]
    public void TryEnd_GivesTheAttachedStreamWhoseFinishIsAwaitable()
    {
        using Session session = _kit.OpenSession();
        var stream = new PaymentStream();
        session.TryAttach(stream);

        Assert.True(session.TryEnd(CutOffReason.CreditExceeded, "over", out PaymentStream? ended));

        Assert.Same(stream, ended);
        Assert.False(ended!.Finished.IsCompleted);
        ended.MarkFinished();
        Assert.True(ended.Finished.IsCompletedSuccessfully);
        Assert.False(session.TryEnd(CutOffReason.Closed, "again", out PaymentStream? none));
        Assert.Null(none);
    }

    [Fact]
    public void TryAttach_SecondStream_CompletesTheFirstWithoutCutOff()
    {
        using Session session = _kit.OpenSession();
        var first = new PaymentStream();
        var second = new PaymentStream();
        session.TryAttach(first);

        Assert.True(session.TryAttach(second));

        Assert.True(first.Reader.Completion.IsCompleted);
        Assert.Null(first.CutOff);
        Assert.False(second.Reader.Completion.IsCompleted);
    }

    [Fact]
    public void CreateInvoice_SequenceIncreasesAndFiguresAreCumulative()
    {
        using Session session = _kit.OpenSession();
        session.RecordCounters(new Dvpn.Provider.DataPlane.PeerCounters(1000, 24, null), _kit.Time.GetUtcNow());

        Invoice first = session.CreateInvoice(_kit.Time.GetUtcNow());
        Invoice second = session.CreateInvoice(_kit.Time.GetUtcNow());

        Assert.Equal(1UL, first.Sequence);
        Assert.Equal(2UL, second.Sequence);
        Assert.Equal(1024UL, second.MeteredBytes);
        Assert.True(Dvpn.Protocol.Wire.WireAmount.TryRead(second.Owed, out var owed));
        Assert.Equal(1024, owed); // one unit per byte
        Assert.Equal(session.Commits.Commit.ToArray(), second.Commit.ToByteArray());
    }

    public void Dispose() => _kit.Dispose();
}
