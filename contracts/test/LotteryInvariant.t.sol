// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {InvariantBase} from "./utils/TestBase.sol";
import {console} from "./utils/console.sol";
import {Lottery} from "../src/Lottery.sol";
import {TestToken} from "../src/TestToken.sol";
import {LotteryHandler} from "./handlers/LotteryHandler.sol";

/// @notice Invariants of the Lottery under random sequences of every user action (see LotteryHandler).
contract LotteryInvariantTest is InvariantBase {
    Lottery internal lottery;
    TestToken internal token;
    LotteryHandler internal handler;

    function setUp() public {
        vm.warp(1_700_000_000);
        lottery = new Lottery(1 days);
        token = new TestToken();
        handler = new LotteryHandler(lottery, token);
        handler.seedAccounts();
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](7);
        selectors[0] = LotteryHandler.fund.selector;
        selectors[1] = LotteryHandler.warn.selector;
        selectors[2] = LotteryHandler.withdraw.selector;
        selectors[3] = LotteryHandler.issue.selector;
        selectors[4] = LotteryHandler.claim.selector;
        selectors[5] = LotteryHandler.sweep.selector;
        selectors[6] = LotteryHandler.warp.selector;
        targetSelector(address(handler), selectors);
    }

    /// @dev Sum of balance + escrow over every account the handler can touch, for one token.
    function _sumAccounts(address tok) internal view returns (uint256 sum) {
        for (uint256 f; f < 2; ++f) {
            for (uint256 s; s < 2; ++s) {
                (uint128 b, uint128 e,,,) = lottery.account(tok, handler.funders(f), handler.signerAt(s));
                sum += uint256(b) + e;
            }
        }
    }

    function invariant_NativeHoldings_CoverBalancesEscrowsAndBurned() public view {
        uint256 owed = _sumAccounts(address(0));
        assertGe(address(lottery).balance, owed, "holdings >= balances + escrows");
        assertEq(address(lottery).balance, owed + lottery.burned(address(0)), "holdings == balances + escrows + burned");
    }

    function invariant_Erc20Holdings_CoverBalancesEscrowsAndBurned() public view {
        uint256 owed = _sumAccounts(address(token));
        uint256 held = token.balanceOf(address(lottery));
        assertGe(held, owed, "holdings >= balances + escrows");
        assertEq(held, owed + lottery.burned(address(token)), "holdings == balances + escrows + burned");
    }

    function invariant_Burned_EqualsEscrowOfOverdrawnAccounts() public view {
        assertEq(lottery.burned(address(0)), handler.modelBurned(address(0)), "native burned");
        assertEq(lottery.burned(address(token)), handler.modelBurned(address(token)), "token burned");
    }

    function invariant_TicketNeverPaysTwice() public view {
        assertEq(handler.doublePays(), 0, "the rules let a ticket pay twice");
        assertEq(handler.overpaidClaims(), 0, "the contract paid for a ticket it must not pay (again)");
    }

    function invariant_ContractMatchesModel() public view {
        assertEq(handler.mismatches(), 0, handler.firstMismatch());
        for (uint256 t; t < 2; ++t) {
            address tok = handler.tokens(t);
            for (uint256 f; f < 2; ++f) {
                for (uint256 s; s < 2; ++s) {
                    _checkAccount(tok, handler.funders(f), handler.signerAt(s));
                }
            }
        }
    }

    function _checkAccount(address tok, address funder, address signer) internal view {
        (uint128 b, uint128 e, uint128 wb, uint128 we, uint64 u) = lottery.account(tok, funder, signer);
        (uint256 mb, uint256 me, uint256 mwb, uint256 mwe, uint256 mu) = handler.modelAccount(tok, funder, signer);
        assertEq(b, mb, "balance");
        assertEq(e, me, "escrow");
        assertEq(wb, mwb, "warned balance");
        assertEq(we, mwe, "warned escrow");
        assertEq(u, mu, "unlockAt");
    }

    /// @dev Runs after each invariant campaign: shows that the handler really exercised the interesting paths.
    function afterInvariant() public view {
        console.log("tickets paid", handler.ticketsPaid());
        console.log("tickets skipped", handler.ticketsSkipped());
        console.log("  expired", handler.skippedFor(1));
        console.log("  nonce used", handler.skippedFor(2));
        console.log("  not winner", handler.skippedFor(3));
        console.log("  bad signature", handler.skippedFor(4));
        console.log("  unfunded", handler.skippedFor(5));
        console.log("overdrafts", handler.overdrafts());
        console.log("withdrawals", handler.withdrawals());
        console.log("sweeps", handler.sweeps());
        console.log("lottery native holdings", address(lottery).balance);
        console.log("now", block.timestamp);
    }
}

/// @notice Drives the same handler through a long fixed random sequence and checks that it reaches every
///         interesting path (payments, every skip reason, overdrafts, withdrawals, sweeps) with no finding, so the
///         invariant campaign above is known to test something.
contract LotteryHandlerCoverageTest is InvariantBase {
    function test_Handler_LongSequence_ReachesEveryPathWithoutFindings() public {
        vm.warp(1_700_000_000);
        Lottery lottery = new Lottery(1 days);
        TestToken token = new TestToken();
        LotteryHandler h = new LotteryHandler(lottery, token);
        h.seedAccounts();
        for (uint256 i; i < 400; ++i) {
            uint256 r = uint256(keccak256(abi.encode(i, "step")));
            uint256 action = r % 20;
            if (action < 5) h.issue(r, uint96(r >> 100), uint32(r >> 200));
            else if (action < 11) h.claim(r, uint8(r >> 50));
            else if (action < 13) h.fund(r, uint128(r >> 60), uint128(r >> 180));
            else if (action < 15) h.warn(r, uint128(r >> 70), uint128(r >> 170));
            else if (action < 17) h.withdraw(r, r >> 90);
            else if (action < 18) h.sweep(r);
            else h.warp(uint32(r >> 40));
        }
        console.log("tickets paid", h.ticketsPaid());
        console.log("overdrafts", h.overdrafts());
        console.log("withdrawals", h.withdrawals());
        console.log("sweeps", h.sweeps());
        assertEq(h.mismatches(), 0, h.firstMismatch());
        assertEq(h.doublePays(), 0, "double pay");
        assertEq(h.overpaidClaims(), 0, "overpaid");
        assertGe(h.ticketsPaid(), 50, "tickets paid");
        for (uint256 reason = 1; reason <= 5; ++reason) {
            assertGe(h.skippedFor(reason), 1, "every skip reason reached");
        }
        assertGe(h.overdrafts(), 1, "overdrafts");
        assertGe(h.withdrawals(), 1, "withdrawals");
        assertGe(h.sweeps(), 1, "sweeps");
    }
}
