using Dvpn.Chain.Providers;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Protocol.Sessions;
using Dvpn.Protocol.V1;
using Dvpn.Provider.Tests.Support;
using Dvpn.Provider.Tests.Support.Client;
using Dvpn.WireGuard;
using Google.Protobuf;

namespace Dvpn.Provider.Tests.EndToEnd;

/// <summary>
/// OpenSession requests the provider must refuse, each with its reason in the <c>dvpn-reason</c> trailer, before it
/// gives anything away (no peer, no address).
/// </summary>
[Collection(ProviderLab.CollectionName)]
public sealed class OpenSessionRefusalTests(ProviderLab lab)
{
    [Fact]
    public async Task OpenSession_SignedByAnotherKey_IsRefusedAsBadSignature()
    {
        await lab.EnsureProviderAsync();
        using ClientAccount account = await lab.NewFundedAccountAsync();
        ProviderListing listing = await lab.Client.GetListingAsync(lab.ProviderAddress);
        using PrivateKey wireGuardKey = PrivateKey.Generate();
        SessionRequest request = lab.Client.CreateRequest(account, lab.ProviderAddress, wireGuardKey.PublicKey);
        OpenSessionRequest message = request.Sign(account.Signer);

        // A well-formed signature over the right digest, by a key that is not the request's signer.
        using SignerKey otherKey = SignerKey.Generate();
        using var other = new TicketSigner(otherKey, lab.Client.Domain);
        byte[] forged = new byte[SignedTicket.SignatureSize];
        other.SignDigest(request.Digest(), forged);
        message.Signature = ByteString.CopyFrom(forged);

        OpenRejectionReason reason = await Refusal.ReasonAsync(() => lab.Client.SendOpenAsync(listing, message));

        Assert.Equal(OpenRejectionReason.BadSignature, reason);
    }

    [Fact]
    public async Task OpenSession_WithATamperedField_IsRefusedAsBadSignature()
    {
        await lab.EnsureProviderAsync();
        using ClientAccount account = await lab.NewFundedAccountAsync();
        ProviderListing listing = await lab.Client.GetListingAsync(lab.ProviderAddress);
        using PrivateKey wireGuardKey = PrivateKey.Generate();
        using PrivateKey swapped = PrivateKey.Generate();
        OpenSessionRequest message = lab.Client.CreateRequest(account, lab.ProviderAddress, wireGuardKey.PublicKey).Sign(account.Signer);

        // A man in the middle swaps the WireGuard key after the client signed.
        message.WireguardPublicKey = ByteString.CopyFrom(swapped.PublicKey.ToArray());

        OpenRejectionReason reason = await Refusal.ReasonAsync(() => lab.Client.SendOpenAsync(listing, message));

        Assert.Equal(OpenRejectionReason.BadSignature, reason);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public async Task OpenSession_WithATimestampOutsideTheSkewWindow_IsRefusedAsStale(int offsetSeconds)
    {
        await lab.EnsureProviderAsync();
        using ClientAccount account = await lab.NewFundedAccountAsync();
        ProviderListing listing = await lab.Client.GetListingAsync(lab.ProviderAddress);
        using PrivateKey wireGuardKey = PrivateKey.Generate();
        DateTimeOffset skewed = lab.Time.GetUtcNow().AddSeconds(offsetSeconds);
        OpenSessionRequest message = lab.Client.CreateRequest(account, lab.ProviderAddress, wireGuardKey.PublicKey, skewed).Sign(account.Signer);

        OpenRejectionReason reason = await Refusal.ReasonAsync(() => lab.Client.SendOpenAsync(listing, message));

        Assert.Equal(OpenRejectionReason.StaleTimestamp, reason);
    }

    [Fact]
    public async Task OpenSession_ForAnUnfundedAccount_IsRefusedAsUnfunded()
    {
        await lab.EnsureProviderAsync();
        using ClientAccount account = lab.NewUnfundedAccount();

        OpenRejectionReason reason = await Refusal.ReasonAsync(() => lab.Client.OpenSessionAsync(account, lab.ProviderAddress));

        Assert.Equal(OpenRejectionReason.Unfunded, reason);
    }

    [Fact]
    public async Task OpenSession_ForAnAccountBelowTheMinimumBalance_IsRefusedAsUnfunded()
    {
        await lab.EnsureProviderAsync();
        using ClientAccount account = lab.NewUnfundedAccount();
        await account.FundAsync(ProviderLab.MinBalance - 1, ProviderLab.MinEscrow);

        OpenRejectionReason reason = await Refusal.ReasonAsync(() => lab.Client.OpenSessionAsync(account, lab.ProviderAddress));

        Assert.Equal(OpenRejectionReason.Unfunded, reason);
    }

    [Fact]
    public async Task OpenSession_ForAnAccountWithAWithdrawalUnlockingInsideTheHorizon_IsRefused()
    {
        await lab.EnsureProviderAsync();
        // The lottery's withdraw delay (1 h) is shorter than the provider's horizon (session 1 h + tickets 1 h).
        using ClientAccount account = await lab.NewFundedAccountAsync();
        await account.WarnAllAsync();
        Assert.True((await account.GetAsync()).HasPendingWithdrawal);

        OpenRejectionReason reason = await Refusal.ReasonAsync(() => lab.Client.OpenSessionAsync(account, lab.ProviderAddress));

        Assert.Equal(OpenRejectionReason.WithdrawalPending, reason);
    }

    [Fact]
    public async Task OpenSession_ReplayedVerbatim_IsRefusedAsReplayed()
    {
        await lab.EnsureProviderAsync();
        using ClientAccount account = await lab.NewFundedAccountAsync();
        ProviderListing listing = await lab.Client.GetListingAsync(lab.ProviderAddress);
        using PrivateKey wireGuardKey = PrivateKey.Generate();
        OpenSessionRequest message = lab.Client.CreateRequest(account, lab.ProviderAddress, wireGuardKey.PublicKey).Sign(account.Signer);
        OpenSessionResponse first = await lab.Client.SendOpenAsync(listing, message);

        OpenRejectionReason reason = await Refusal.ReasonAsync(() => lab.Client.SendOpenAsync(listing, message.Clone()));

        Assert.Equal(OpenRejectionReason.Replayed, reason);
        await lab.Client.CloseAsync(listing, SessionClose.Sign(first.SessionId.Span, lab.Time.GetUtcNow(), account.Signer));
    }
}
