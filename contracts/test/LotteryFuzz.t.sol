// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LotteryTestBase, Ticket, TicketSigning} from "./utils/LotteryTestBase.sol";
import {ILottery} from "../src/ILottery.sol";

/// @notice Property tests for the win rule, the digest, and the amounts of fund / claim / withdraw.
contract LotteryFuzzTest is LotteryTestBase {
    using TicketSigning for Ticket;

    uint256 internal constant MAX_FUND = 1e30; // keeps vm.deal and sums comfortably in range

    function testFuzz_WinRule_PaysExactlyWhenLow64BitsBelowWinProb(bytes32 reveal, uint64 winProb, uint64 nonce)
        public
    {
        nonce = uint64(bound(nonce, 1, type(uint64).max));
        _fundNative(1 ether, 0);
        Ticket memory t = _ticket(nonce, 1);
        t.reveal = reveal;
        t.winProb = winProb;
        bool expected =
            uint64(uint256(keccak256(abi.encodePacked(reveal, t.digest(address(lottery), block.chainid))))) < winProb;
        uint256 before = provider.balance;
        if (!expected) _expectSkip(signer, nonce, ILottery.SkipReason.NotWinner);
        _claimAs(provider, _one(_sign(t)));
        assertEq(provider.balance - before, expected ? 1 : 0, "paid iff the win rule holds");
    }

    function testFuzz_TicketDigest_MatchesIndependentDigest(
        address recipient,
        bytes32 reveal,
        uint64 issued,
        uint64 nonce,
        uint96 faceValue,
        uint64 winProb,
        uint64 expiry,
        address tokenAddr,
        address funderAddr,
        uint96 data,
        uint96 ignoredSignerBits
    ) public view {
        Ticket memory t = Ticket(
            recipient, reveal, issued, nonce, faceValue, winProb, expiry, tokenAddr, funderAddr, data
        );
        ILottery.Claim memory c = t.pack(signer);
        c.packed3 |= ignoredSignerBits;
        assertEq(lottery.ticketDigest(recipient, c), t.digest(address(lottery), block.chainid), "digest");
    }

    function testFuzz_Claim_ExpiryBoundary(uint64 expiry, uint64 nowTs) public {
        nowTs = uint64(bound(nowTs, 1, type(uint64).max - 1));
        vm.warp(nowTs);
        _fundNative(1 ether, 0);
        Ticket memory t = _ticket(1, 1);
        t.expiry = expiry;
        uint256 before = provider.balance;
        if (expiry <= nowTs) _expectSkip(signer, 1, ILottery.SkipReason.Expired);
        _claimAs(provider, _one(_sign(t)));
        assertEq(provider.balance - before, expiry > nowTs ? 1 : 0, "claimable only while now < expiry");
    }

    function testFuzz_Claim_WrongKey_SkippedBadSignature(uint256 key) public {
        // any valid secp256k1 key other than the signer's
        key = bound(key, 1, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140);
        vm.assume(key != SIGNER_KEY);
        _fundNative(1 ether, 0);
        ILottery.Claim memory c = _signWith(_ticket(1, 1), key);
        c.packed3 = uint256(uint160(signer)) << 96;
        _expectSkip(signer, 1, ILottery.SkipReason.BadSignature);
        _claimAs(provider, _one(c));
    }

    /// @dev A batch of five winners against one account: each pays min(face, balance); the first overdraft pays the
    ///      rest of the balance and burns the escrow; after it the account is unfunded.
    function testFuzz_Claim_AmountsFollowTheRules(uint128 balance, uint128 escrow, uint96[5] memory faces) public {
        balance = uint128(bound(balance, 0, MAX_FUND));
        escrow = uint128(bound(escrow, 0, MAX_FUND));
        vm.assume(uint256(balance) + escrow > 0);
        vm.deal(funder, MAX_FUND * 2);
        _fundNative(balance, escrow);

        ILottery.Claim[] memory cs = new ILottery.Claim[](5);
        for (uint256 i; i < 5; ++i) {
            cs[i] = _sign(_ticket(uint64(i + 1), faces[i]));
        }

        // model
        uint256 b = balance;
        uint256 e = escrow;
        uint256 paid;
        uint256 burnedExpected;
        for (uint256 i; i < 5; ++i) {
            if (b == 0 && e == 0) continue; // Unfunded
            if (faces[i] <= b) {
                b -= faces[i];
                paid += faces[i];
            } else {
                paid += b;
                burnedExpected += e;
                b = 0;
                e = 0;
            }
        }

        uint256 before = provider.balance;
        _claimAs(provider, cs);
        assertEq(provider.balance - before, paid, "paid");
        assertEq(_balanceOf(address(0), funder, signer), b, "balance left");
        assertEq(_escrowOf(address(0), funder, signer), e, "escrow left");
        assertEq(lottery.burned(address(0)), burnedExpected, "burned");
        assertEq(address(lottery).balance, b + e + burnedExpected, "holdings = balance + escrow + burned");
    }

    /// @dev fund, warn any amounts, spend some with a ticket, withdraw: pays min(warned, held) of each.
    function testFuzz_FundWarnWithdraw_Native(
        uint128 balance,
        uint128 escrow,
        uint128 warnBalance,
        uint128 warnEscrow,
        uint96 spend
    ) public {
        balance = uint128(bound(balance, 0, MAX_FUND));
        escrow = uint128(bound(escrow, 0, MAX_FUND));
        vm.assume(uint256(balance) + escrow > 0);
        vm.assume(uint256(warnBalance) + warnEscrow > 0);
        vm.deal(funder, MAX_FUND * 2);
        _fundNative(balance, escrow);
        _roundTrip(address(0), balance, escrow, warnBalance, warnEscrow, spend);
    }

    function testFuzz_FundWarnWithdraw_Erc20(
        uint128 balance,
        uint128 escrow,
        uint128 warnBalance,
        uint128 warnEscrow,
        uint96 spend
    ) public {
        balance = uint128(bound(balance, 0, MAX_FUND));
        escrow = uint128(bound(escrow, 0, MAX_FUND));
        vm.assume(uint256(balance) + escrow > 0);
        vm.assume(uint256(warnBalance) + warnEscrow > 0);
        token.mint(funder, MAX_FUND * 2);
        _fundToken(balance, escrow);
        _roundTrip(address(token), balance, escrow, warnBalance, warnEscrow, spend);
    }

    function _roundTrip(
        address tokenAddr,
        uint128 balance,
        uint128 escrow,
        uint128 warnBalance,
        uint128 warnEscrow,
        uint96 spend
    ) internal {
        vm.prank(funder);
        lottery.warn(tokenAddr, signer, warnBalance, warnEscrow);

        Ticket memory t = _ticket(1, spend);
        t.token = tokenAddr;
        _claimAs(provider, _one(_sign(t)));
        uint256 b = spend <= balance ? balance - spend : 0;
        uint256 e = spend <= balance ? escrow : 0;

        vm.warp(block.timestamp + DELAY);
        uint256 before = _held(tokenAddr, stranger);
        vm.prank(funder);
        lottery.withdraw(tokenAddr, signer, payable(stranger));
        uint256 wb = warnBalance < b ? warnBalance : b;
        uint256 we = warnEscrow < e ? warnEscrow : e;
        assertEq(_held(tokenAddr, stranger) - before, wb + we, "withdrawn = min(warned, held) of each");
        assertEq(_balanceOf(tokenAddr, funder, signer), b - wb, "balance left");
        assertEq(_escrowOf(tokenAddr, funder, signer), e - we, "escrow left");
        assertEq(_held(tokenAddr, address(lottery)), b - wb + e - we + lottery.burned(tokenAddr), "holdings");
    }

    function _held(address tokenAddr, address who) internal view returns (uint256) {
        return tokenAddr == address(0) ? who.balance : token.balanceOf(who);
    }

    /// @dev 400 tickets at winProb = 1/4: the number of winners is binomial(400, 1/4), mean 100, sd 8.7.
    ///      The reveals are fixed, so the test is deterministic; the tolerance is about 4.6 sd.
    function test_WinRule_FrequencyFollowsWinProb() public {
        _fundNative(1 ether, 0);
        uint256 n = 400;
        ILottery.Claim[] memory cs = new ILottery.Claim[](n);
        for (uint256 i; i < n; ++i) {
            Ticket memory t = _ticket(uint64(i + 1), 1);
            t.winProb = uint64(1) << 62;
            cs[i] = _sign(t);
        }
        uint256 before = provider.balance;
        _claimAs(provider, cs);
        assertApproxEqAbs(provider.balance - before, 100, 40, "winners ~ n * winProb / 2^64");
    }
}
