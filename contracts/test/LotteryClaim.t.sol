// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LotteryTestBase, Ticket, TicketSigning} from "./utils/LotteryTestBase.sol";
import {Vm} from "./utils/Vm.sol";
import {ILottery} from "../src/ILottery.sol";
import {Lottery} from "../src/Lottery.sol";
import {RejectingReceiver, ReentrantReceiver} from "./mocks/Mocks.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @notice `claim` and the ticket rules of docs/protocol.md §1.1 - §1.5, one behaviour per test.
contract LotteryClaimTest is LotteryTestBase {
    using TicketSigning for Ticket;

    uint96 internal constant FACE = 0.01 ether;

    function setUp() public override {
        super.setUp();
        _fundNative(1 ether, 0.5 ether);
    }

    // ---- paying tickets ----

    function test_Claim_WinningTicket_PaysFaceValue_Native() public {
        uint256 before = provider.balance;
        vm.expectEmit(address(lottery));
        emit ILottery.Claimed(provider, address(0), FACE, 1);
        _claimAs(provider, _one(_sign(_ticket(1, FACE))));
        assertEq(provider.balance - before, FACE, "provider paid");
        assertEq(_balanceOf(address(0), funder, signer), 1 ether - FACE, "balance debited");
        assertEq(_escrowOf(address(0), funder, signer), 0.5 ether, "escrow untouched");
    }

    function test_Claim_WinningTicket_PaysFaceValue_Erc20() public {
        _fundToken(1 ether, 0.5 ether);
        Ticket memory t = _ticket(1, FACE);
        t.token = address(token);
        vm.expectEmit(address(lottery));
        emit ILottery.Claimed(provider, address(token), FACE, 1);
        _claimAs(provider, _one(_sign(t)));
        assertEq(token.balanceOf(provider), FACE, "provider paid");
        assertEq(_balanceOf(address(token), funder, signer), 1 ether - FACE, "balance debited");
    }

    function test_Claim_PaidTicket_UpdatesReplayRecord() public {
        Ticket memory t = _ticket(7, FACE);
        _claimAs(provider, _one(_sign(t)));
        (uint64 highNonce, uint64 maxExpiry) = lottery.replayRecord(provider, signer);
        assertEq(highNonce, 7, "highNonce = nonce");
        assertEq(maxExpiry, t.expiry, "maxExpiry = expiry");
    }

    function test_Claim_ReplayRecord_KeepsLatestExpiry() public {
        Ticket memory a = _ticket(1, FACE);
        a.expiry = uint64(block.timestamp + 2 hours);
        Ticket memory b = _ticket(2, FACE);
        b.expiry = uint64(block.timestamp + 1 hours);
        ILottery.Claim[] memory cs = new ILottery.Claim[](2);
        cs[0] = _sign(a);
        cs[1] = _sign(b);
        _claimAs(provider, cs);
        (uint64 highNonce, uint64 maxExpiry) = lottery.replayRecord(provider, signer);
        assertEq(highNonce, 2, "highNonce");
        assertEq(maxExpiry, a.expiry, "max of the expiries");
    }

    function test_Claim_FaceValueZero_PaysNothingButUsesNonce() public {
        _claimAs(provider, _one(_sign(_ticket(3, 0))));
        (uint64 highNonce,) = lottery.replayRecord(provider, signer);
        assertEq(highNonce, 3, "nonce used");
        assertEq(_balanceOf(address(0), funder, signer), 1 ether, "nothing debited");
    }

    function test_Claim_PaysDuringPendingWithdrawal() public {
        vm.prank(funder);
        lottery.warn(address(0), signer, 1 ether, 0.5 ether);
        vm.warp(block.timestamp + DELAY - 10); // withdrawal pending, not yet unlocked
        uint256 before = provider.balance;
        _claimAs(provider, _one(_sign(_ticket(1, FACE))));
        assertEq(provider.balance - before, FACE, "paid while a withdrawal is pending");
    }

    function test_Claim_PaysAfterWithdrawalUnlockedButNotExecuted() public {
        vm.prank(funder);
        lottery.warn(address(0), signer, 1 ether, 0);
        vm.warp(block.timestamp + DELAY + 1);
        Ticket memory t = _ticket(1, FACE); // expiry relative to the new time
        uint256 before = provider.balance;
        _claimAs(provider, _one(_sign(t)));
        assertEq(provider.balance - before, FACE, "balance still pays until withdrawn");
    }

    // ---- rule 1: expiry ----

    function test_Claim_ExpiredTicket_SkippedExpired() public {
        Ticket memory t = _ticket(1, FACE);
        ILottery.Claim memory c = _sign(t);
        vm.warp(t.expiry + 1);
        _expectSkip(signer, 1, ILottery.SkipReason.Expired);
        _claimAs(provider, _one(c));
        assertEq(_balanceOf(address(0), funder, signer), 1 ether, "nothing paid");
    }

    function test_Claim_ExpiryEqualToNow_IsExpired() public {
        Ticket memory t = _ticket(1, FACE);
        t.expiry = uint64(block.timestamp);
        _expectSkip(signer, 1, ILottery.SkipReason.Expired);
        _claimAs(provider, _one(_sign(t)));
    }

    function test_Claim_OneSecondBeforeExpiry_Pays() public {
        Ticket memory t = _ticket(1, FACE);
        ILottery.Claim memory c = _sign(t);
        vm.warp(t.expiry - 1);
        uint256 before = provider.balance;
        _claimAs(provider, _one(c));
        assertEq(provider.balance - before, FACE, "still valid");
    }

    // ---- rule 2: replay ----

    function test_Claim_ReplayedTicket_PaysNothing() public {
        ILottery.Claim memory c = _sign(_ticket(1, FACE));
        _claimAs(provider, _one(c));
        uint256 before = provider.balance;
        _expectSkip(signer, 1, ILottery.SkipReason.NonceUsed);
        _claimAs(provider, _one(c));
        assertEq(provider.balance, before, "second claim pays nothing");
        assertEq(_balanceOf(address(0), funder, signer), 1 ether - FACE, "debited once");
    }

    function test_Claim_SameTicketTwiceInOneBatch_PaysOnce() public {
        ILottery.Claim memory c = _sign(_ticket(1, FACE));
        ILottery.Claim[] memory cs = new ILottery.Claim[](2);
        cs[0] = c;
        cs[1] = c;
        uint256 before = provider.balance;
        _expectSkip(signer, 1, ILottery.SkipReason.NonceUsed);
        _claimAs(provider, cs);
        assertEq(provider.balance - before, FACE, "paid once");
    }

    function test_Claim_OutOfOrderNonce_LowerNonceIsLost() public {
        ILottery.Claim memory five = _sign(_ticket(5, FACE));
        ILottery.Claim memory three = _sign(_ticket(3, FACE));
        _claimAs(provider, _one(five));
        _expectSkip(signer, 3, ILottery.SkipReason.NonceUsed);
        _claimAs(provider, _one(three));
        assertEq(_balanceOf(address(0), funder, signer), 1 ether - FACE, "only nonce 5 paid");
    }

    function test_Claim_IncreasingNonceOrder_PaysAll() public {
        ILottery.Claim[] memory cs = new ILottery.Claim[](3);
        cs[0] = _sign(_ticket(2, FACE));
        cs[1] = _sign(_ticket(3, FACE));
        cs[2] = _sign(_ticket(9, FACE));
        vm.expectEmit(address(lottery));
        emit ILottery.Claimed(provider, address(0), 3 * uint256(FACE), 3);
        _claimAs(provider, cs);
    }

    function test_Claim_NonceZero_IsNeverPayable() public {
        _expectSkip(signer, 0, ILottery.SkipReason.NonceUsed);
        _claimAs(provider, _one(_sign(_ticket(0, FACE))));
    }

    function test_Claim_ReplayRecordsArePerRecipient() public {
        // provider claims nonce 5 from signer; another provider can still claim its own nonce 1 from that signer
        _claimAs(provider, _one(_sign(_ticket(5, FACE))));
        Ticket memory t = _ticket(1, FACE);
        t.recipient = stranger;
        uint256 before = stranger.balance;
        _claimAs(stranger, _one(_sign(t)));
        assertEq(stranger.balance - before, FACE, "independent record");
    }

    // ---- rule 3: win rule ----

    function test_Claim_LosingTicket_SkippedNotWinner() public {
        Ticket memory t = _ticket(1, FACE);
        t.winProb = NEVER;
        _expectSkip(signer, 1, ILottery.SkipReason.NotWinner);
        _claimAs(provider, _one(_sign(t)));
        (uint64 highNonce,) = lottery.replayRecord(provider, signer);
        assertEq(highNonce, 0, "a loser does not use the nonce");
    }

    function test_Claim_WinRule_UsesLow64BitsOfRevealAndDigestHash() public {
        Ticket memory t = _ticket(1, FACE);
        t.winProb = 1 << 63; // one half
        // find a reveal that wins and one that loses, computed independently
        bool haveWin;
        bool haveLoss;
        for (uint256 i; i < 64 && !(haveWin && haveLoss); ++i) {
            t.reveal = keccak256(abi.encode(i));
            t.nonce = uint64(10 + i);
            uint64 low =
                uint64(uint256(keccak256(abi.encodePacked(t.reveal, t.digest(address(lottery), block.chainid)))));
            bool w = low < t.winProb;
            if (w && haveWin) continue;
            if (!w && haveLoss) continue;
            if (!w) _expectSkip(signer, t.nonce, ILottery.SkipReason.NotWinner);
            uint256 before = provider.balance;
            _claimAs(provider, _one(_sign(t)));
            assertEq(provider.balance - before, w ? FACE : 0, "pays exactly when the rule says it wins");
            if (w) haveWin = true;
            else haveLoss = true;
        }
        assertTrue(haveWin && haveLoss, "saw both outcomes");
    }

    // ---- rule 4: signature ----

    function test_Claim_WrongReveal_SkippedBadSignature() public {
        ILottery.Claim memory c = _sign(_ticket(1, FACE));
        c.reveal = keccak256("not the committed reveal");
        _expectSkip(signer, 1, ILottery.SkipReason.BadSignature);
        _claimAs(provider, _one(c));
    }

    function test_Claim_SignedByAnotherKey_SkippedBadSignature() public {
        ILottery.Claim memory c = _signWith(_ticket(1, FACE), OTHER_KEY);
        c.packed3 = uint256(uint160(signer)) << 96; // claims to be from `signer`
        _expectSkip(signer, 1, ILottery.SkipReason.BadSignature);
        _claimAs(provider, _one(c));
    }

    function test_Claim_TamperedFaceValue_SkippedBadSignature() public {
        ILottery.Claim memory c = _sign(_ticket(1, FACE));
        c.packed1 += 1; // faceValue + 1
        _expectSkip(signer, 1, ILottery.SkipReason.BadSignature);
        _claimAs(provider, _one(c));
    }

    function test_Claim_TamperedIssuedOrData_SkippedBadSignature() public {
        ILottery.Claim memory c = _sign(_ticket(1, FACE));
        c.packed0 += 1 << 192; // issued + 1
        _expectSkip(signer, 1, ILottery.SkipReason.BadSignature);
        _claimAs(provider, _one(c));

        c = _sign(_ticket(2, FACE));
        c.packed2 ^= 1; // data bit flipped
        _expectSkip(signer, 2, ILottery.SkipReason.BadSignature);
        _claimAs(provider, _one(c));
    }

    function test_Claim_CorruptSignature_SkippedBadSignature() public {
        ILottery.Claim memory c = _sign(_ticket(1, FACE));
        c.r = bytes32(uint256(c.r) ^ 1);
        _expectSkip(signer, 1, ILottery.SkipReason.BadSignature);
        _claimAs(provider, _one(c));
    }

    function test_Claim_HighS_Signature_SkippedBadSignature() public {
        ILottery.Claim memory c = _sign(_ticket(1, FACE));
        // the malleable twin (n - s, flipped parity) recovers the same key but is not low-s
        uint256 n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
        uint256 s = uint256(c.vs) & ((1 << 255) - 1);
        uint256 parity = uint256(c.vs) >> 255;
        c.vs = bytes32((n - s) | ((1 - parity) << 255));
        _expectSkip(signer, 1, ILottery.SkipReason.BadSignature);
        _claimAs(provider, _one(c));
    }

    function test_Claim_ZeroSignerWithGarbageSignature_SkippedBadSignature() public {
        ILottery.Claim memory c = _sign(_ticket(1, FACE));
        c.packed3 = 0;
        c.r = 0;
        c.vs = 0;
        _expectSkip(address(0), 1, ILottery.SkipReason.BadSignature);
        _claimAs(provider, _one(c));
    }

    function test_Claim_LowBitsOfSignerWordAreIgnored() public {
        ILottery.Claim memory c = _sign(_ticket(1, FACE));
        c.packed3 |= 0xdeadbeef;
        uint256 before = provider.balance;
        _claimAs(provider, _one(c));
        assertEq(provider.balance - before, FACE, "paid");
    }

    function test_Claim_TicketForAnotherChain_SkippedBadSignature() public {
        Ticket memory t = _ticket(1, FACE);
        ILottery.Claim memory c = t.sign(SIGNER_KEY, address(lottery), block.chainid + 1);
        _expectSkip(signer, 1, ILottery.SkipReason.BadSignature);
        _claimAs(provider, _one(c));
    }

    function test_Claim_AfterChainIdChange_OldTicketsSkippedBadSignature() public {
        ILottery.Claim memory c = _sign(_ticket(1, FACE)); // signed for the current chain
        vm.chainId(block.chainid + 5);
        _expectSkip(signer, 1, ILottery.SkipReason.BadSignature);
        _claimAs(provider, _one(c));
        // a ticket signed for the new chain id pays
        ILottery.Claim memory fresh = _sign(_ticket(2, FACE));
        uint256 before = provider.balance;
        _claimAs(provider, _one(fresh));
        assertEq(provider.balance - before, FACE, "new chain's ticket pays");
    }

    function test_Claim_TicketForAnotherContract_SkippedBadSignature() public {
        Lottery other = new Lottery(DELAY);
        Ticket memory t = _ticket(1, FACE);
        ILottery.Claim memory c = t.sign(SIGNER_KEY, address(other), block.chainid);
        _expectSkip(signer, 1, ILottery.SkipReason.BadSignature);
        _claimAs(provider, _one(c));
    }

    function test_Claim_ByAddressOtherThanRecipient_SkippedBadSignature() public {
        ILottery.Claim memory c = _sign(_ticket(1, FACE)); // recipient = provider
        _expectSkip(signer, 1, ILottery.SkipReason.BadSignature);
        _claimAs(stranger, _one(c));
        // the rightful recipient can still claim it
        uint256 before = provider.balance;
        _claimAs(provider, _one(c));
        assertEq(provider.balance - before, FACE, "recipient paid");
    }

    // ---- rule 5: funding ----

    function test_Claim_UnfundedAccount_SkippedUnfunded() public {
        Ticket memory t = _ticket(1, FACE);
        t.funder = stranger; // no account (native, stranger, signer)
        _expectSkip(signer, 1, ILottery.SkipReason.Unfunded);
        _claimAs(provider, _one(_sign(t)));
        (uint64 highNonce,) = lottery.replayRecord(provider, signer);
        assertEq(highNonce, 0, "unfunded ticket does not use the nonce");
    }

    function test_Claim_AccountInOtherToken_SkippedUnfunded() public {
        Ticket memory t = _ticket(1, FACE);
        t.token = address(token); // funded only in the native coin
        _expectSkip(signer, 1, ILottery.SkipReason.Unfunded);
        _claimAs(provider, _one(_sign(t)));
    }

    // ---- rule 6: overdraft ----

    function test_Claim_Overdraft_PaysRemainderAndBurnsEscrow() public {
        uint256 before = provider.balance;
        vm.expectEmit(address(lottery));
        emit ILottery.EscrowBurned(address(0), funder, signer, 0.5 ether);
        vm.expectEmit(address(lottery));
        emit ILottery.Claimed(provider, address(0), 1 ether, 1);
        _claimAs(provider, _one(_sign(_ticket(1, 2 ether))));
        assertEq(provider.balance - before, 1 ether, "remaining balance paid");
        assertEq(_balanceOf(address(0), funder, signer), 0, "balance emptied");
        assertEq(_escrowOf(address(0), funder, signer), 0, "escrow gone");
        assertEq(lottery.burned(address(0)), 0.5 ether, "escrow burned");
        assertEq(address(lottery).balance, 0.5 ether, "burned escrow stays locked in the contract");
        (uint64 highNonce,) = lottery.replayRecord(provider, signer);
        assertEq(highNonce, 1, "nonce used");
    }

    function test_Claim_FaceEqualToBalance_IsNoOverdraft() public {
        _claimAs(provider, _one(_sign(_ticket(1, 1 ether))));
        assertEq(_balanceOf(address(0), funder, signer), 0, "balance spent");
        assertEq(_escrowOf(address(0), funder, signer), 0.5 ether, "escrow kept");
        assertEq(lottery.burned(address(0)), 0, "nothing burned");
    }

    function test_Claim_EmptyBalanceWithEscrow_BurnsEscrowPaysNothing() public {
        _claimAs(provider, _one(_sign(_ticket(1, 1 ether)))); // spends the balance exactly
        uint256 before = provider.balance;
        vm.expectEmit(address(lottery));
        emit ILottery.EscrowBurned(address(0), funder, signer, 0.5 ether);
        vm.expectEmit(address(lottery));
        emit ILottery.Claimed(provider, address(0), 0, 1);
        _claimAs(provider, _one(_sign(_ticket(2, FACE))));
        assertEq(provider.balance, before, "nothing to pay");
        assertEq(lottery.burned(address(0)), 0.5 ether, "escrow burned");
    }

    function test_Claim_AfterOverdraft_AccountIsUnfunded() public {
        _claimAs(provider, _one(_sign(_ticket(1, 2 ether))));
        _expectSkip(signer, 2, ILottery.SkipReason.Unfunded);
        _claimAs(provider, _one(_sign(_ticket(2, FACE))));
    }

    function test_Claim_Overdraft_WithdrawAfterwardsPaysNothing() public {
        vm.prank(funder);
        lottery.warn(address(0), signer, 1 ether, 0.5 ether);
        _claimAs(provider, _one(_sign(_ticket(1, 2 ether))));
        vm.warp(block.timestamp + DELAY);
        uint256 before = funder.balance;
        vm.prank(funder);
        lottery.withdraw(address(0), signer, payable(funder));
        assertEq(funder.balance, before, "burned escrow cannot be withdrawn");
    }

    // ---- check order ----

    function test_Claim_CheckOrder_ExpiredBeforeNonceUsed() public {
        ILottery.Claim memory c = _sign(_ticket(1, FACE));
        _claimAs(provider, _one(c));
        vm.warp(block.timestamp + 2 hours);
        _expectSkip(signer, 1, ILottery.SkipReason.Expired);
        _claimAs(provider, _one(c));
    }

    function test_Claim_CheckOrder_NonceUsedBeforeNotWinner() public {
        _claimAs(provider, _one(_sign(_ticket(5, FACE))));
        Ticket memory t = _ticket(4, FACE);
        t.winProb = NEVER;
        _expectSkip(signer, 4, ILottery.SkipReason.NonceUsed);
        _claimAs(provider, _one(_sign(t)));
    }

    function test_Claim_CheckOrder_NotWinnerBeforeBadSignature() public {
        Ticket memory t = _ticket(1, FACE);
        t.winProb = NEVER;
        ILottery.Claim memory c = _sign(t);
        c.r = 0; // broken signature too
        _expectSkip(signer, 1, ILottery.SkipReason.NotWinner);
        _claimAs(provider, _one(c));
    }

    function test_Claim_CheckOrder_BadSignatureBeforeUnfunded() public {
        Ticket memory t = _ticket(1, FACE);
        t.funder = stranger; // unfunded too
        ILottery.Claim memory c = _sign(t);
        c.r = bytes32(uint256(1));
        _expectSkip(signer, 1, ILottery.SkipReason.BadSignature);
        _claimAs(provider, _one(c));
    }

    // ---- batches ----

    function test_Claim_EmptyBatch_DoesNothing() public {
        vm.recordLogs();
        _claimAs(provider, new ILottery.Claim[](0));
        assertEq(vm.getRecordedLogs().length, 0, "no events");
    }

    function test_Claim_MixedBatch_DoesNotRevertAndPaysOnlyGoodTickets() public {
        Ticket memory loser = _ticket(3, FACE);
        loser.winProb = NEVER;
        Ticket memory unfunded = _ticket(6, FACE);
        unfunded.funder = stranger;
        ILottery.Claim memory forged = _sign(_ticket(5, FACE));
        forged.vs = bytes32(uint256(forged.vs) ^ 2);

        ILottery.Claim[] memory cs = new ILottery.Claim[](7);
        cs[0] = _sign(_ticket(1, FACE)); // pays
        cs[1] = _sign(_ticket(1, FACE)); // NonceUsed
        cs[2] = _sign(_ticket(2, FACE)); // pays
        cs[3] = _sign(loser); // NotWinner
        cs[4] = forged; // BadSignature
        cs[5] = _sign(unfunded); // Unfunded
        cs[6] = _sign(_ticket(7, FACE)); // pays

        uint256 before = provider.balance;
        vm.recordLogs();
        _claimAs(provider, cs);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertEq(provider.balance - before, 3 * uint256(FACE), "three winners paid");
        // four skips in ticket order, then one Claimed
        uint8[4] memory reasons = [
            uint8(ILottery.SkipReason.NonceUsed),
            uint8(ILottery.SkipReason.NotWinner),
            uint8(ILottery.SkipReason.BadSignature),
            uint8(ILottery.SkipReason.Unfunded)
        ];
        uint64[4] memory nonces = [uint64(1), 3, 5, 6];
        assertEq(logs.length, 5, "4 skips + 1 claimed");
        for (uint256 i; i < 4; ++i) {
            assertEq(logs[i].topics[0], ILottery.TicketSkipped.selector, "skip event");
            assertEq(logs[i].topics[2], bytes32(uint256(nonces[i])), "skip nonce");
            assertEq(abi.decode(logs[i].data, (uint8)), reasons[i], "skip reason");
        }
        assertEq(logs[4].topics[0], ILottery.Claimed.selector, "claimed event");
        (uint256 amount, uint256 tickets) = abi.decode(logs[4].data, (uint256, uint256));
        assertEq(amount, 3 * uint256(FACE), "claimed amount");
        assertEq(tickets, 3, "claimed tickets");
    }

    function test_Claim_MixedTokens_OneClaimedEventAndTransferPerRun() public {
        _fundToken(1 ether, 0);
        Ticket memory t2 = _ticket(2, FACE);
        t2.token = address(token);
        Ticket memory t3 = _ticket(3, 2 * FACE);
        t3.token = address(token);
        ILottery.Claim[] memory cs = new ILottery.Claim[](5);
        cs[0] = _sign(_ticket(1, FACE)); // native run: 1, 4 (4 is after the token run: separate run)
        cs[1] = _sign(t2);
        cs[2] = _sign(t3);
        Ticket memory loser = _ticket(4, FACE);
        loser.winProb = NEVER;
        cs[3] = _sign(loser); // skipped: does not break the token run
        cs[4] = _sign(_ticket(5, FACE));

        uint256 nativeBefore = provider.balance;
        vm.expectEmit(address(lottery));
        emit ILottery.TicketSkipped(signer, 4, uint8(ILottery.SkipReason.NotWinner));
        vm.expectEmit(address(lottery));
        emit ILottery.Claimed(provider, address(0), FACE, 1);
        vm.expectEmit(address(lottery));
        emit ILottery.Claimed(provider, address(token), 3 * uint256(FACE), 2);
        vm.expectEmit(address(lottery));
        emit ILottery.Claimed(provider, address(0), FACE, 1);
        _claimAs(provider, cs);
        assertEq(provider.balance - nativeBefore, 2 * uint256(FACE), "native total");
        assertEq(token.balanceOf(provider), 3 * uint256(FACE), "token total");
    }

    function test_Claim_SkippedTicket_ChangesNoState() public {
        Ticket memory t = _ticket(1, FACE);
        t.winProb = NEVER;
        (uint256 b0, uint256 e0,,,) = lottery.account(address(0), funder, signer);
        uint256 held = address(lottery).balance;
        _claimAs(provider, _one(_sign(t)));
        (uint256 b1, uint256 e1,,,) = lottery.account(address(0), funder, signer);
        (uint64 hn, uint64 me) = lottery.replayRecord(provider, signer);
        assertEq(b1, b0, "balance");
        assertEq(e1, e0, "escrow");
        assertEq(uint256(hn) + me, 0, "replay record");
        assertEq(address(lottery).balance, held, "holdings");
    }

    function test_Claim_RecipientRejectingNativeCoin_RevertsBatch() public {
        RejectingReceiver sink = new RejectingReceiver();
        Ticket memory t = _ticket(1, FACE);
        t.recipient = address(sink);
        ILottery.Claim[] memory cs = _one(_sign(t));
        vm.expectRevert(ILottery.NativeTransferFailed.selector);
        sink.claim(lottery, cs);
    }

    function test_Claim_ReentrantRecipient_IsBlocked() public {
        ReentrantReceiver r = new ReentrantReceiver();
        Ticket memory t = _ticket(1, FACE);
        t.recipient = address(r);
        r.claim(lottery, _one(_sign(t)));
        assertFalse(r.reentered(), "re-entry must fail");
        assertEq(
            r.reentryError(),
            abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector),
            "reentrancy guard"
        );
        assertEq(address(r).balance, FACE, "paid once");
    }

    function test_Claim_TwoSignersInOneBatch_EachRecordAdvances() public {
        vm.prank(funder);
        lottery.fund{value: 1 ether}(address(0), otherSigner, 1 ether, 0);
        ILottery.Claim[] memory cs = new ILottery.Claim[](2);
        cs[0] = _sign(_ticket(4, FACE));
        cs[1] = _signWith(_ticket(9, FACE), OTHER_KEY);
        _claimAs(provider, cs);
        (uint64 a,) = lottery.replayRecord(provider, signer);
        (uint64 b,) = lottery.replayRecord(provider, otherSigner);
        assertEq(a, 4, "signer record");
        assertEq(b, 9, "other signer record");
    }

    // ---- digest ----

    function test_TicketDigest_EqualsIndependentEip712Digest() public view {
        Ticket memory t = _ticket(42, 123456789);
        t.issued = 1_699_999_000;
        t.token = address(token);
        t.data = 0xabcdef0123456789abcdef01;
        t.winProb = 0x0123456789abcdef;
        ILottery.Claim memory c = t.pack(signer);
        assertEq(lottery.ticketDigest(provider, c), t.digest(address(lottery), block.chainid), "digest");
    }

    function test_TicketDigest_DependsOnRecipient() public view {
        ILottery.Claim memory c = _ticket(1, FACE).pack(signer);
        assertTrue(lottery.ticketDigest(provider, c) != lottery.ticketDigest(stranger, c), "recipient is signed");
    }

    function test_DomainSeparator_EqualsIndependentComputation() public view {
        assertEq(lottery.domainSeparator(), TicketSigning.domainSeparator(address(lottery), block.chainid), "domain");
    }

    function test_DomainSeparator_FollowsChainId() public {
        bytes32 before = lottery.domainSeparator();
        vm.chainId(777);
        assertTrue(lottery.domainSeparator() != before, "changed");
        assertEq(lottery.domainSeparator(), TicketSigning.domainSeparator(address(lottery), 777), "new chain");
    }

    // ---- sweep ----

    function test_Sweep_BeforeMaxExpiry_KeepsRecord() public {
        Ticket memory t = _ticket(1, FACE);
        _claimAs(provider, _one(_sign(t)));
        vm.warp(t.expiry - 1);
        address[] memory signers = new address[](1);
        signers[0] = signer;
        vm.recordLogs();
        vm.prank(provider);
        lottery.sweep(signers);
        assertEq(vm.getRecordedLogs().length, 0, "nothing swept");
        (uint64 highNonce,) = lottery.replayRecord(provider, signer);
        assertEq(highNonce, 1, "record kept");
    }

    function test_Sweep_AtMaxExpiry_DeletesRecord() public {
        Ticket memory t = _ticket(1, FACE);
        _claimAs(provider, _one(_sign(t)));
        vm.warp(t.expiry);
        address[] memory signers = new address[](1);
        signers[0] = signer;
        vm.expectEmit(address(lottery));
        emit ILottery.Swept(provider, signer, 1, t.expiry);
        vm.prank(provider);
        lottery.sweep(signers);
        (uint64 highNonce, uint64 maxExpiry) = lottery.replayRecord(provider, signer);
        assertEq(uint256(highNonce) + maxExpiry, 0, "record deleted");
    }

    function test_Sweep_SweptRecordsTickets_AreNotPayableAgain() public {
        ILottery.Claim[] memory cs = new ILottery.Claim[](3);
        Ticket memory t1 = _ticket(1, FACE);
        Ticket memory t2 = _ticket(2, FACE);
        t2.expiry = uint64(block.timestamp + 3 hours);
        Ticket memory t3 = _ticket(3, FACE);
        cs[0] = _sign(t1);
        cs[1] = _sign(t2);
        cs[2] = _sign(t3);
        _claimAs(provider, cs);

        vm.warp(t2.expiry); // maxExpiry
        address[] memory signers = new address[](1);
        signers[0] = signer;
        vm.prank(provider);
        lottery.sweep(signers);

        uint256 before = provider.balance;
        vm.expectEmit(address(lottery));
        emit ILottery.TicketSkipped(signer, 1, uint8(ILottery.SkipReason.Expired));
        vm.expectEmit(address(lottery));
        emit ILottery.TicketSkipped(signer, 2, uint8(ILottery.SkipReason.Expired));
        vm.expectEmit(address(lottery));
        emit ILottery.TicketSkipped(signer, 3, uint8(ILottery.SkipReason.Expired));
        _claimAs(provider, cs);
        assertEq(provider.balance, before, "nothing paid twice");
    }

    function test_Sweep_UnclaimedLowerLiveTicket_BecomesClaimableAgain() public {
        Ticket memory low = _ticket(1, FACE);
        low.expiry = uint64(block.timestamp + 10 hours);
        Ticket memory high = _ticket(2, FACE);
        high.expiry = uint64(block.timestamp + 1 hours);
        ILottery.Claim memory lowC = _sign(low);
        _claimAs(provider, _one(_sign(high))); // voids nonce 1 for now
        _expectSkip(signer, 1, ILottery.SkipReason.NonceUsed);
        _claimAs(provider, _one(lowC));

        vm.warp(high.expiry);
        address[] memory signers = new address[](1);
        signers[0] = signer;
        vm.prank(provider);
        lottery.sweep(signers);
        uint256 before = provider.balance;
        _claimAs(provider, _one(lowC)); // never paid before: paying it now is no double payment
        assertEq(provider.balance - before, FACE, "paid once");
    }

    function test_Sweep_OnlyTouchesCallersRecords() public {
        Ticket memory t = _ticket(1, FACE);
        _claimAs(provider, _one(_sign(t)));
        vm.warp(t.expiry);
        address[] memory signers = new address[](1);
        signers[0] = signer;
        vm.prank(stranger);
        lottery.sweep(signers);
        (uint64 highNonce,) = lottery.replayRecord(provider, signer);
        assertEq(highNonce, 1, "provider's record untouched");
    }

    function test_Sweep_EmptyRecord_EmitsNothing() public {
        address[] memory signers = new address[](2);
        signers[0] = signer;
        signers[1] = otherSigner;
        vm.recordLogs();
        vm.prank(provider);
        lottery.sweep(signers);
        assertEq(vm.getRecordedLogs().length, 0, "nothing to sweep");
    }
}
