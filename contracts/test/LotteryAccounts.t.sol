// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LotteryTestBase, Ticket} from "./utils/LotteryTestBase.sol";
import {ILottery} from "../src/ILottery.sol";
import {Lottery} from "../src/Lottery.sol";
import {FeeOnTransferToken, RejectingReceiver} from "./mocks/Mocks.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

/// @notice fund / warn / withdraw / account (docs/protocol.md §1.6).
contract LotteryAccountsTest is LotteryTestBase {
    // ---- fund ----

    function test_Fund_Native_CreditsBalanceAndEscrow() public {
        _fundNative(3 ether, 1 ether);
        (uint128 b, uint128 e, uint128 wb, uint128 we, uint64 unlockAt) = lottery.account(address(0), funder, signer);
        assertEq(b, 3 ether, "balance");
        assertEq(e, 1 ether, "escrow");
        assertEq(wb + we + unlockAt, 0, "no warning");
        assertEq(address(lottery).balance, 4 ether, "contract holds the coin");
    }

    function test_Fund_Native_EmitsFunded() public {
        vm.expectEmit(address(lottery));
        emit ILottery.Funded(address(0), funder, signer, 3, 4);
        _fundNative(3, 4);
    }

    function test_Fund_Native_ValueBelowSum_RevertsBadAmount() public {
        vm.prank(funder);
        vm.expectRevert(ILottery.BadAmount.selector);
        lottery.fund{value: 3 ether}(address(0), signer, 3 ether, 1);
    }

    function test_Fund_Native_ValueAboveSum_RevertsBadAmount() public {
        vm.prank(funder);
        vm.expectRevert(ILottery.BadAmount.selector);
        lottery.fund{value: 5 ether}(address(0), signer, 3 ether, 1 ether);
    }

    function test_Fund_ZeroAmounts_RevertsBadAmount() public {
        vm.prank(funder);
        vm.expectRevert(ILottery.BadAmount.selector);
        lottery.fund(address(0), signer, 0, 0);
    }

    function test_Fund_ZeroSigner_RevertsZeroAddress() public {
        vm.prank(funder);
        vm.expectRevert(ILottery.ZeroAddress.selector);
        lottery.fund{value: 1}(address(0), address(0), 1, 0);
    }

    function test_Fund_AddsToExistingAccount() public {
        _fundNative(1 ether, 2 ether);
        _fundNative(3 ether, 4 ether);
        assertEq(_balanceOf(address(0), funder, signer), 4 ether, "balance adds up");
        assertEq(_escrowOf(address(0), funder, signer), 6 ether, "escrow adds up");
    }

    function test_Fund_BalanceBeyondUint128_Reverts() public {
        vm.deal(funder, type(uint256).max);
        vm.startPrank(funder);
        lottery.fund{value: type(uint128).max}(address(0), signer, type(uint128).max, 0);
        vm.expectRevert(); // checked arithmetic: panic 0x11
        lottery.fund{value: 1}(address(0), signer, 1, 0);
        vm.stopPrank();
    }

    function test_Fund_Erc20_PullsExactAmount() public {
        uint256 before = token.balanceOf(funder);
        _fundToken(5 ether, 2 ether);
        assertEq(token.balanceOf(address(lottery)), 7 ether, "lottery holds the tokens");
        assertEq(before - token.balanceOf(funder), 7 ether, "pulled from the funder");
        assertEq(_balanceOf(address(token), funder, signer), 5 ether, "balance");
        assertEq(_escrowOf(address(token), funder, signer), 2 ether, "escrow");
    }

    function test_Fund_Erc20_WithNativeValue_RevertsBadAmount() public {
        vm.prank(funder);
        vm.expectRevert(ILottery.BadAmount.selector);
        lottery.fund{value: 1}(address(token), signer, 1, 0);
    }

    function test_Fund_Erc20_WithoutAllowance_Reverts() public {
        token.mint(stranger, 10);
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(lottery), 0, 10)
        );
        lottery.fund(address(token), signer, 10, 0);
    }

    function test_Fund_Erc20_FeeOnTransferToken_RevertsDeliveredAmountMismatch() public {
        FeeOnTransferToken fee = new FeeOnTransferToken();
        fee.mint(funder, 1000);
        vm.startPrank(funder);
        fee.approve(address(lottery), 1000);
        vm.expectRevert(abi.encodeWithSelector(ILottery.DeliveredAmountMismatch.selector, 1000, 990));
        lottery.fund(address(fee), signer, 600, 400);
        vm.stopPrank();
    }

    function test_Accounts_AreKeyedByTokenFunderAndSigner() public {
        _fundNative(1, 1);
        assertEq(_balanceOf(address(token), funder, signer), 0, "other token");
        assertEq(_balanceOf(address(0), stranger, signer), 0, "other funder");
        assertEq(_balanceOf(address(0), funder, otherSigner), 0, "other signer");
    }

    // ---- warn ----

    function test_Warn_RecordsAmountsAndUnlockTime() public {
        _fundNative(3 ether, 1 ether);
        vm.expectEmit(address(lottery));
        emit ILottery.Warned(address(0), funder, signer, 2 ether, 1 ether, uint64(block.timestamp + DELAY));
        vm.prank(funder);
        lottery.warn(address(0), signer, 2 ether, 1 ether);
        (,, uint128 wb, uint128 we, uint64 unlockAt) = lottery.account(address(0), funder, signer);
        assertEq(wb, 2 ether, "warned balance");
        assertEq(we, 1 ether, "warned escrow");
        assertEq(unlockAt, block.timestamp + DELAY, "unlock time");
    }

    function test_Warn_ReplacesEarlierWarningAndRestartsClock() public {
        _fundNative(3 ether, 1 ether);
        vm.prank(funder);
        lottery.warn(address(0), signer, 3 ether, 1 ether);
        vm.warp(block.timestamp + DELAY - 1);
        vm.prank(funder);
        lottery.warn(address(0), signer, 1 ether, 0);
        (,, uint128 wb, uint128 we, uint64 unlockAt) = lottery.account(address(0), funder, signer);
        assertEq(wb, 1 ether, "new warned balance");
        assertEq(we, 0, "new warned escrow");
        assertEq(unlockAt, block.timestamp + DELAY, "clock restarted");

        vm.warp(block.timestamp + DELAY - 1);
        vm.prank(funder);
        vm.expectRevert(abi.encodeWithSelector(ILottery.WithdrawalLocked.selector, unlockAt));
        lottery.withdraw(address(0), signer, payable(funder));
    }

    function test_Warn_ZeroAmounts_CancelsPendingWithdrawal() public {
        _fundNative(3 ether, 1 ether);
        vm.startPrank(funder);
        lottery.warn(address(0), signer, 3 ether, 1 ether);
        lottery.warn(address(0), signer, 0, 0);
        (,,,, uint64 unlockAt) = lottery.account(address(0), funder, signer);
        assertEq(unlockAt, 0, "cancelled");
        vm.warp(block.timestamp + DELAY);
        vm.expectRevert(ILottery.NothingWarned.selector);
        lottery.withdraw(address(0), signer, payable(funder));
        vm.stopPrank();
    }

    // ---- withdraw ----

    function test_Withdraw_WithoutWarning_RevertsNothingWarned() public {
        _fundNative(1 ether, 1 ether);
        vm.prank(funder);
        vm.expectRevert(ILottery.NothingWarned.selector);
        lottery.withdraw(address(0), signer, payable(funder));
    }

    function test_Withdraw_BeforeDelay_RevertsWithdrawalLocked() public {
        _fundNative(1 ether, 1 ether);
        vm.prank(funder);
        lottery.warn(address(0), signer, 1 ether, 1 ether);
        uint64 unlockAt = uint64(block.timestamp + DELAY);
        vm.warp(unlockAt - 1);
        vm.prank(funder);
        vm.expectRevert(abi.encodeWithSelector(ILottery.WithdrawalLocked.selector, unlockAt));
        lottery.withdraw(address(0), signer, payable(funder));
    }

    function test_Withdraw_Native_AtUnlockTime_PaysWarnedAmounts() public {
        _fundNative(3 ether, 2 ether);
        vm.prank(funder);
        lottery.warn(address(0), signer, 1 ether, 2 ether);
        vm.warp(block.timestamp + DELAY);
        uint256 before = stranger.balance;
        vm.expectEmit(address(lottery));
        emit ILottery.Withdrawn(address(0), funder, signer, stranger, 1 ether, 2 ether);
        vm.prank(funder);
        lottery.withdraw(address(0), signer, payable(stranger));
        assertEq(stranger.balance - before, 3 ether, "paid to `to`");
        (uint128 b, uint128 e, uint128 wb, uint128 we, uint64 unlockAt) = lottery.account(address(0), funder, signer);
        assertEq(b, 2 ether, "rest of the balance stays");
        assertEq(e, 0, "escrow withdrawn");
        assertEq(wb + we + unlockAt, 0, "warning cleared");
        assertEq(address(lottery).balance, 2 ether, "contract keeps the rest");
    }

    function test_Withdraw_Erc20_AfterDelay_PaysWarnedAmounts() public {
        _fundToken(3 ether, 2 ether);
        vm.prank(funder);
        lottery.warn(address(token), signer, 3 ether, 2 ether);
        vm.warp(block.timestamp + DELAY + 1);
        vm.prank(funder);
        lottery.withdraw(address(token), signer, payable(stranger));
        assertEq(token.balanceOf(stranger), 5 ether, "paid to `to`");
        assertEq(token.balanceOf(address(lottery)), 0, "nothing left");
        assertEq(_balanceOf(address(token), funder, signer), 0, "balance");
    }

    function test_Withdraw_PaysMinOfWarnedAndHeld() public {
        _fundNative(1 ether, 1 ether);
        vm.prank(funder);
        lottery.warn(address(0), signer, 5 ether, 5 ether);
        // a winner spends most of the balance while the withdrawal is pending
        _claimAs(provider, _one(_sign(_ticket(1, 0.75 ether))));
        vm.warp(block.timestamp + DELAY);
        uint256 before = funder.balance;
        vm.prank(funder);
        lottery.withdraw(address(0), signer, payable(funder));
        assertEq(funder.balance - before, 1.25 ether, "0.25 balance + 1 escrow");
        assertEq(address(lottery).balance, 0, "drained");
    }

    function test_Withdraw_ClearsWarning_SecondWithdrawReverts() public {
        _fundNative(2 ether, 0);
        vm.prank(funder);
        lottery.warn(address(0), signer, 1 ether, 0);
        vm.warp(block.timestamp + DELAY);
        vm.startPrank(funder);
        lottery.withdraw(address(0), signer, payable(funder));
        vm.expectRevert(ILottery.NothingWarned.selector);
        lottery.withdraw(address(0), signer, payable(funder));
        vm.stopPrank();
    }

    function test_Withdraw_ByAnotherAddress_FindsNoWarning() public {
        _fundNative(2 ether, 0);
        vm.prank(funder);
        lottery.warn(address(0), signer, 2 ether, 0);
        vm.warp(block.timestamp + DELAY);
        // the caller is the funder of the account it withdraws from: a stranger's account is empty
        vm.prank(stranger);
        vm.expectRevert(ILottery.NothingWarned.selector);
        lottery.withdraw(address(0), signer, payable(stranger));
        assertEq(_balanceOf(address(0), funder, signer), 2 ether, "untouched");
    }

    function test_Withdraw_ToZeroAddress_RevertsZeroAddress() public {
        _fundNative(2 ether, 0);
        vm.prank(funder);
        lottery.warn(address(0), signer, 2 ether, 0);
        vm.warp(block.timestamp + DELAY);
        vm.prank(funder);
        vm.expectRevert(ILottery.ZeroAddress.selector);
        lottery.withdraw(address(0), signer, payable(address(0)));
    }

    function test_Withdraw_NativeToRejectingReceiver_RevertsNativeTransferFailed() public {
        RejectingReceiver sink = new RejectingReceiver();
        _fundNative(2 ether, 0);
        vm.prank(funder);
        lottery.warn(address(0), signer, 2 ether, 0);
        vm.warp(block.timestamp + DELAY);
        vm.prank(funder);
        vm.expectRevert(ILottery.NativeTransferFailed.selector);
        lottery.withdraw(address(0), signer, payable(address(sink)));
    }

    function test_WithdrawDelay_IsFixedAtDeployment() public {
        assertEq(lottery.withdrawDelay(), DELAY, "delay");
        Lottery other = new Lottery(7);
        assertEq(other.withdrawDelay(), 7, "other delay");
    }

    function test_ZeroWithdrawDelay_AllowsImmediateWithdraw() public {
        Lottery quick = new Lottery(0);
        vm.startPrank(funder);
        quick.fund{value: 1 ether}(address(0), signer, 1 ether, 0);
        quick.warn(address(0), signer, 1 ether, 0);
        quick.withdraw(address(0), signer, payable(funder));
        vm.stopPrank();
        assertEq(address(quick).balance, 0, "withdrawn at once");
    }
}
