// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {InvariantBase} from "./utils/TestBase.sol";
import {DirectoryTestBase, DirectoryHarness} from "./utils/DirectoryTestBase.sol";
import {TestToken} from "../src/TestToken.sol";
import {DirectoryHandler} from "./handlers/DirectoryHandler.sol";

/// @notice Invariants of the Directory under random sequences of every user action (see DirectoryHandler).
contract DirectoryInvariantTest is InvariantBase, DirectoryTestBase {
    DirectoryHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new DirectoryHandler(dir, token);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](7);
        selectors[0] = DirectoryHandler.register.selector;
        selectors[1] = DirectoryHandler.update.selector;
        selectors[2] = DirectoryHandler.deregister.selector;
        selectors[3] = DirectoryHandler.stake.selector;
        selectors[4] = DirectoryHandler.requestUnstake.selector;
        selectors[5] = DirectoryHandler.withdrawUnstaked.selector;
        selectors[6] = DirectoryHandler.warp.selector;
        targetSelector(address(handler), selectors);
    }

    function invariant_FenwickTotal_EqualsSumOfListedStakes() public view {
        uint256 sum;
        for (uint256 i; i < handler.PROVIDERS(); ++i) {
            sum += _weight(handler.provider(i));
        }
        assertEq(dir.totalListedStake(), sum, "total listed stake");
        assertEq(dir.prefix(dir.providerCount()), sum, "Fenwick total");
    }

    function invariant_EveryFenwickPrefix_MatchesTheArray() public view {
        _checkTree();
    }

    function invariant_StakeAccounting_IsConserved() public view {
        uint256 active;
        uint256 pending;
        for (uint256 i; i < handler.PROVIDERS(); ++i) {
            address p = handler.provider(i);
            uint256 byStakers;
            for (uint256 s; s < handler.STAKERS(); ++s) {
                byStakers += dir.stakeBy(p, handler.staker(s));
                (uint256 amount,) = dir.pendingUnstake(p, handler.staker(s));
                pending += amount;
            }
            assertEq(dir.stakeOf(p), byStakers, "stakeOf == sum of stakeBy");
            active += byStakers;
        }
        assertEq(token.balanceOf(address(dir)), active + pending, "tokens held == active + pending");
        assertEq(handler.deposited() - handler.withdrawn(), active + pending, "in - out == held");
    }

    function invariant_ListedFlagAndArray_FollowTheRules() public view {
        uint256 registered;
        for (uint256 i; i < handler.PROVIDERS(); ++i) {
            address p = handler.provider(i);
            bool reg = dir.isRegistered(p);
            if (reg) ++registered;
            assertEq(dir.isListed(p), reg && dir.stakeOf(p) >= MIN, "listed == registered && stake >= minStake");
        }
        assertEq(dir.providerCount(), registered, "array holds every registered provider once");
    }

    function invariant_Pick_ReturnsAListedProviderMatchingLinearScan() public view {
        if (dir.totalListedStake() == 0) return;
        for (uint256 k; k < 4; ++k) {
            uint256 seed = uint256(keccak256(abi.encode(block.timestamp, k)));
            address p = dir.pick(seed);
            assertTrue(dir.isListed(p), "listed");
            assertEq(p, _linearPick(seed), "linear scan");
        }
    }
}
