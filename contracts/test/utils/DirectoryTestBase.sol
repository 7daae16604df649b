// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {TestBase} from "./TestBase.sol";
import {Directory} from "../../src/Directory.sol";
import {IDirectory} from "../../src/IDirectory.sol";
import {TestToken} from "../../src/TestToken.sol";

/// @notice Exposes the Fenwick prefix sums so tests can check every node, not just the total.
contract DirectoryHarness is Directory {
    constructor(IERC20 stakeToken_, uint256 minStake_, uint64 unstakeDelay_)
        Directory(stakeToken_, minStake_, unstakeDelay_)
    {}

    function prefix(uint256 i) external view returns (uint256) {
        return _prefix(i);
    }
}

/// @notice Shared fixture and helpers for the Directory tests.
abstract contract DirectoryTestBase is TestBase {
    uint256 internal constant MIN = 100 ether;
    uint64 internal constant UNSTAKE_DELAY = 7 days;

    TestToken internal token;
    DirectoryHarness internal dir;

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        token = new TestToken();
        dir = new DirectoryHarness(token, MIN, UNSTAKE_DELAY);
    }

    function _provider(uint256 i) internal pure returns (address) {
        return address(uint160(0x9000 + i));
    }

    function _register(address p) internal {
        vm.prank(p);
        dir.register(
            "203.0.113.7:51820", keccak256(abi.encode(p, "tls")), keccak256(abi.encode(p, "wg")), 1e15, "eu", ""
        );
    }

    function _stake(address staker, address p, uint256 amount) internal {
        token.mint(staker, amount);
        vm.startPrank(staker);
        token.approve(address(dir), amount);
        dir.stake(p, amount);
        vm.stopPrank();
    }

    /// @dev Reference weight of a provider: its stake when listed, else 0.
    function _weight(address p) internal view returns (uint256) {
        return dir.isListed(p) ? dir.stakeOf(p) : 0;
    }

    /// @dev Checks every Fenwick prefix sum and the total against a plain scan of the provider array.
    function _checkTree() internal view {
        uint256 n = dir.providerCount();
        IDirectory.ProviderView[] memory all = dir.providersPage(0, n);
        uint256 sum;
        for (uint256 i; i < n; ++i) {
            sum += all[i].listed ? all[i].stake : 0;
            assertEq(dir.prefix(i + 1), sum, "prefix sum");
        }
        assertEq(dir.totalListedStake(), sum, "total listed stake");
    }

    /// @dev Reference pick: linear scan for the position holding seed % total on the stake line.
    function _linearPick(uint256 seed) internal view returns (address) {
        uint256 n = dir.providerCount();
        IDirectory.ProviderView[] memory all = dir.providersPage(0, n);
        uint256 target = seed % dir.totalListedStake();
        for (uint256 i; i < n; ++i) {
            uint256 w = all[i].listed ? all[i].stake : 0;
            if (target < w) return all[i].provider;
            target -= w;
        }
        revert("unreachable");
    }
}
