// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DirectoryTestBase} from "./utils/DirectoryTestBase.sol";
import {IDirectory} from "../src/IDirectory.sol";

/// @notice Random sequences of register / deregister (swap-and-pop) / stake / unstake keep the Fenwick tree exact,
///         and the O(log n) pick always equals a linear scan of the stake line.
contract DirectoryFuzzTest is DirectoryTestBase {
    uint256 internal constant PROVIDERS = 9;
    uint256 internal constant STAKERS = 3;

    function _staker(uint256 i) internal pure returns (address) {
        return address(uint160(0x7000 + i));
    }

    function testFuzz_SwapAndPop_RandomSequences_KeepTreeRight(uint256 seed) public {
        for (uint256 step; step < 40; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            address p = _provider(r % PROVIDERS);
            address s = _staker((r >> 8) % STAKERS);
            uint256 op = (r >> 16) % 5;
            if (op == 0) {
                if (!dir.isRegistered(p)) _register(p);
            } else if (op == 1) {
                if (dir.isRegistered(p)) {
                    vm.prank(p);
                    dir.deregister();
                }
            } else if (op == 2 || op == 3) {
                _stake(s, p, bound(r >> 32, 1, 300 ether));
            } else {
                uint256 mine = dir.stakeBy(p, s);
                if (mine != 0) {
                    vm.prank(s);
                    dir.requestUnstake(p, bound(r >> 32, 1, mine));
                }
            }
            _checkTree();
        }
        if (dir.totalListedStake() != 0) {
            for (uint256 k; k < 8; ++k) {
                uint256 pickSeed = uint256(keccak256(abi.encode(seed, "pick", k)));
                assertEq(dir.pick(pickSeed), _linearPick(pickSeed), "pick == linear scan");
            }
        }
    }

    function testFuzz_Pick_MatchesLinearScan(uint96[7] memory stakes, uint256 removed, uint256 seed) public {
        for (uint256 i; i < 7; ++i) {
            _register(_provider(i));
            uint256 amount = bound(stakes[i], 0, 1000 ether);
            if (amount != 0) _stake(address(0x5A), _provider(i), amount);
        }
        vm.prank(_provider(removed % 7));
        dir.deregister();
        _checkTree();
        if (dir.totalListedStake() == 0) {
            vm.expectRevert(IDirectory.NoListedProviders.selector);
            dir.pick(seed);
        } else {
            address picked = dir.pick(seed);
            assertEq(picked, _linearPick(seed), "pick == linear scan");
            assertTrue(dir.isListed(picked), "picked provider is listed");
        }
    }
}
