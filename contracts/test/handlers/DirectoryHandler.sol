// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TestBase} from "../utils/TestBase.sol";
import {DirectoryHarness} from "../utils/DirectoryTestBase.sol";
import {TestToken} from "../../src/TestToken.sol";

/// @notice Random registrations, updates, deregistrations, stakes, unstakes and withdrawals over a fixed set of
///         providers and stakers. Only valid calls are made (the campaign fails on any revert), with ghost totals
///         of the tokens that went in and out.
contract DirectoryHandler is TestBase {
    uint256 public constant PROVIDERS = 8;
    uint256 public constant STAKERS = 3;

    DirectoryHarness public immutable dir;
    TestToken public immutable token;

    uint256 public deposited;
    uint256 public withdrawn;
    uint256 public deregistrations;

    constructor(DirectoryHarness dir_, TestToken token_) {
        dir = dir_;
        token = token_;
    }

    function provider(uint256 i) public pure returns (address) {
        return address(uint160(0x9000 + i));
    }

    function staker(uint256 i) public pure returns (address) {
        return address(uint160(0x7000 + i));
    }

    function register(uint256 i, uint256 price) external {
        address p = provider(i % PROVIDERS);
        if (dir.isRegistered(p)) return;
        vm.prank(p);
        dir.register("198.51.100.1:51820", bytes32(price), bytes32(uint256(uint160(p))), price, "eu", "");
    }

    function update(uint256 i, uint256 price) external {
        address p = provider(i % PROVIDERS);
        if (!dir.isRegistered(p)) return;
        vm.prank(p);
        dir.update("198.51.100.2:51820", bytes32(price), bytes32(uint256(uint160(p))), price, "us", hex"01");
    }

    function deregister(uint256 i) external {
        address p = provider(i % PROVIDERS);
        if (!dir.isRegistered(p)) return;
        vm.prank(p);
        dir.deregister();
        ++deregistrations;
    }

    function stake(uint256 s, uint256 i, uint256 amount) external {
        address who = staker(s % STAKERS);
        amount = bound(amount, 1, 500 ether);
        token.mint(who, amount);
        vm.startPrank(who);
        token.approve(address(dir), amount);
        dir.stake(provider(i % PROVIDERS), amount);
        vm.stopPrank();
        deposited += amount;
    }

    function requestUnstake(uint256 s, uint256 i, uint256 amount) external {
        address who = staker(s % STAKERS);
        address p = provider(i % PROVIDERS);
        uint256 mine = dir.stakeBy(p, who);
        if (mine == 0) return;
        vm.prank(who);
        dir.requestUnstake(p, bound(amount, 1, mine));
    }

    function withdrawUnstaked(uint256 s, uint256 i) external {
        address who = staker(s % STAKERS);
        address p = provider(i % PROVIDERS);
        (uint256 amount, uint64 unlockAt) = dir.pendingUnstake(p, who);
        if (amount == 0) return;
        if (block.timestamp < unlockAt) vm.warp(unlockAt);
        vm.prank(who);
        dir.withdrawUnstaked(p);
        withdrawn += amount;
    }

    function warp(uint32 dt) external {
        vm.warp(block.timestamp + bound(dt, 1, 3 days));
    }
}
