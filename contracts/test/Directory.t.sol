// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DirectoryTestBase, DirectoryHarness} from "./utils/DirectoryTestBase.sol";
import {IDirectory} from "../src/IDirectory.sol";
import {Directory} from "../src/Directory.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {FeeOnTransferToken} from "./mocks/Mocks.sol";

/// @notice Registration, staking, listing, paging and picking (docs/protocol.md §2).
contract DirectoryTest is DirectoryTestBase {
    address internal alice = address(0xA1);
    address internal bob = address(0xB2);
    address internal carol = address(0xC3);
    address internal staker = address(0x5A);

    // ---- register ----

    function test_Register_StoresFieldsAndAppends() public {
        vm.expectEmit(address(dir));
        emit IDirectory.Registered(alice);
        vm.prank(alice);
        dir.register("vpn.example:443", bytes32(uint256(1)), bytes32(uint256(2)), 3, "de-fra", hex"c0ffee");
        assertEq(dir.providerCount(), 1, "count");
        assertTrue(dir.isRegistered(alice), "registered");
        IDirectory.ProviderView memory v = dir.getProvider(alice);
        assertEq(v.provider, alice, "provider");
        assertEq(v.endpoint, "vpn.example:443", "endpoint");
        assertEq(v.tlsFingerprint, bytes32(uint256(1)), "tls");
        assertEq(v.wgPublicKey, bytes32(uint256(2)), "wg");
        assertEq(v.pricePerGiB, 3, "price");
        assertEq(v.region, "de-fra", "region");
        assertEq(v.metadata, hex"c0ffee", "metadata");
        assertEq(v.stake, 0, "stake");
        assertFalse(v.listed, "not listed without stake");
    }

    function test_Register_Twice_RevertsAlreadyRegistered() public {
        _register(alice);
        vm.prank(alice);
        vm.expectRevert(IDirectory.AlreadyRegistered.selector);
        dir.register("x", 0, bytes32(uint256(1)), 0, "", "");
    }

    function test_Register_EmptyEndpoint_RevertsInvalidEndpointLength() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDirectory.InvalidEndpointLength.selector, 0));
        dir.register("", 0, bytes32(uint256(1)), 0, "", "");
    }

    function test_Register_Endpoint257Bytes_RevertsInvalidEndpointLength() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDirectory.InvalidEndpointLength.selector, 257));
        dir.register(string(new bytes(257)), 0, bytes32(uint256(1)), 0, "", "");
    }

    function test_Register_AtEveryLengthLimit_Succeeds() public {
        vm.prank(alice);
        dir.register(string(new bytes(256)), 0, bytes32(uint256(1)), 0, string(new bytes(16)), new bytes(1024));
        assertEq(bytes(dir.getProvider(alice).endpoint).length, 256, "endpoint kept");
        assertEq(dir.getProvider(alice).metadata.length, 1024, "metadata kept");
    }

    function test_Register_Region17Bytes_RevertsRegionTooLong() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDirectory.RegionTooLong.selector, 17));
        dir.register("x", 0, bytes32(uint256(1)), 0, string(new bytes(17)), "");
    }

    function test_Register_Metadata1025Bytes_RevertsMetadataTooLong() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDirectory.MetadataTooLong.selector, 1025));
        dir.register("x", 0, bytes32(uint256(1)), 0, "", new bytes(1025));
    }

    function test_Register_ZeroWireGuardKey_RevertsZeroWireGuardKey() public {
        vm.prank(alice);
        vm.expectRevert(IDirectory.ZeroWireGuardKey.selector);
        dir.register("x", 0, 0, 0, "", "");
    }

    function test_Register_GarbageEndpointAndRegion_AreStoredUnvalidated() public {
        bytes memory junkBytes = hex"ff00fe0a0d";
        bytes memory badRegion = hex"80";
        string memory junk = string(junkBytes);
        vm.prank(alice);
        dir.register(junk, 0, bytes32(uint256(1)), type(uint256).max, string(badRegion), hex"00");
        assertEq(bytes(dir.getProvider(alice).endpoint), junkBytes, "stored as given");
        assertEq(bytes(dir.getProvider(alice).region), badRegion, "region as given");
    }

    // ---- update ----

    function test_Update_ReplacesFields_KeepsStakeAndListing() public {
        _register(alice);
        _stake(staker, alice, MIN);
        vm.expectEmit(address(dir));
        emit IDirectory.Updated(alice);
        vm.prank(alice);
        dir.update("new:1", bytes32(uint256(7)), bytes32(uint256(8)), 9, "us", hex"01");
        IDirectory.ProviderView memory v = dir.getProvider(alice);
        assertEq(v.endpoint, "new:1", "endpoint");
        assertEq(v.wgPublicKey, bytes32(uint256(8)), "wg");
        assertEq(v.pricePerGiB, 9, "price");
        assertEq(v.stake, MIN, "stake kept");
        assertTrue(v.listed, "still listed");
        assertEq(dir.providerCount(), 1, "not appended again");
        _checkTree();
    }

    function test_Update_NotRegistered_RevertsNotRegistered() public {
        vm.prank(alice);
        vm.expectRevert(IDirectory.NotRegistered.selector);
        dir.update("x", 0, bytes32(uint256(1)), 0, "", "");
    }

    function test_Update_InvalidFields_Revert() public {
        _register(alice);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDirectory.InvalidEndpointLength.selector, 0));
        dir.update("", 0, bytes32(uint256(1)), 0, "", "");
        vm.expectRevert(IDirectory.ZeroWireGuardKey.selector);
        dir.update("x", 0, 0, 0, "", "");
        vm.expectRevert(abi.encodeWithSelector(IDirectory.RegionTooLong.selector, 17));
        dir.update("x", 0, bytes32(uint256(1)), 0, string(new bytes(17)), "");
        vm.expectRevert(abi.encodeWithSelector(IDirectory.MetadataTooLong.selector, 1025));
        dir.update("x", 0, bytes32(uint256(1)), 0, "", new bytes(1025));
        vm.stopPrank();
    }

    // ---- deregister ----

    function test_Deregister_NotRegistered_RevertsNotRegistered() public {
        vm.prank(alice);
        vm.expectRevert(IDirectory.NotRegistered.selector);
        dir.deregister();
    }

    function test_Deregister_MovesLastProviderIntoFreedPosition() public {
        _register(alice);
        _register(bob);
        _register(carol);
        _stake(staker, alice, 100 ether);
        _stake(staker, bob, 200 ether);
        _stake(staker, carol, 700 ether);
        vm.expectEmit(address(dir));
        emit IDirectory.Deregistered(alice);
        vm.prank(alice);
        dir.deregister();
        assertEq(dir.providerCount(), 2, "count");
        IDirectory.ProviderView[] memory page = dir.providersPage(0, 10);
        assertEq(page[0].provider, carol, "last moved to position 1");
        assertEq(page[1].provider, bob, "bob stays");
        assertFalse(dir.isRegistered(alice), "alice gone");
        assertEq(dir.totalListedStake(), 900 ether, "alice's weight removed");
        _checkTree();
    }

    function test_Deregister_LastPosition_Pops() public {
        _register(alice);
        _register(bob);
        _stake(staker, bob, 200 ether);
        vm.prank(bob);
        dir.deregister();
        assertEq(dir.providerCount(), 1, "count");
        assertEq(dir.totalListedStake(), 0, "bob's weight gone");
        _checkTree();
    }

    function test_Deregister_ClearsFields_KeepsStakeForStakers() public {
        _register(alice);
        _stake(staker, alice, 150 ether);
        vm.prank(alice);
        dir.deregister();
        IDirectory.ProviderView memory v = dir.getProvider(alice);
        assertEq(bytes(v.endpoint).length, 0, "fields cleared");
        assertEq(v.wgPublicKey, bytes32(0), "wg cleared");
        assertEq(v.stake, 150 ether, "stake stays");
        assertFalse(v.listed, "not listed");
        // stakers can still leave
        vm.prank(staker);
        dir.requestUnstake(alice, 150 ether);
        vm.warp(block.timestamp + UNSTAKE_DELAY);
        vm.prank(staker);
        dir.withdrawUnstaked(alice);
        assertEq(token.balanceOf(staker), 150 ether, "stake returned");
    }

    function test_Reregister_AfterDeregister_RestoresWeightFromStake() public {
        _register(alice);
        _stake(staker, alice, 150 ether);
        vm.prank(alice);
        dir.deregister();
        assertEq(dir.totalListedStake(), 0, "gone");
        _register(alice);
        assertTrue(dir.isListed(alice), "listed again");
        assertEq(dir.totalListedStake(), 150 ether, "weight back");
        _checkTree();
    }

    // ---- staking ----

    function test_Stake_ByAnyone_IsTrackedPerStaker() public {
        _register(alice);
        token.mint(staker, 60 ether);
        vm.prank(staker);
        token.approve(address(dir), 60 ether);
        vm.expectEmit(address(dir));
        emit IDirectory.Staked(alice, staker, 60 ether);
        vm.prank(staker);
        dir.stake(alice, 60 ether);
        _stake(alice, alice, 50 ether);
        assertEq(dir.stakeOf(alice), 110 ether, "total");
        assertEq(dir.stakeBy(alice, staker), 60 ether, "delegated");
        assertEq(dir.stakeBy(alice, alice), 50 ether, "self stake");
        assertEq(token.balanceOf(address(dir)), 110 ether, "tokens held");
    }

    function test_Stake_Zero_RevertsZeroAmount() public {
        vm.prank(staker);
        vm.expectRevert(IDirectory.ZeroAmount.selector);
        dir.stake(alice, 0);
    }

    function test_Stake_OnZeroAddress_RevertsZeroAddress() public {
        vm.prank(staker);
        vm.expectRevert(IDirectory.ZeroAddress.selector);
        dir.stake(address(0), 1);
    }

    function test_Stake_FeeOnTransferToken_RevertsDeliveredAmountMismatch() public {
        FeeOnTransferToken fee = new FeeOnTransferToken();
        Directory d = new Directory(fee, 0, 1);
        fee.mint(staker, 1000);
        vm.startPrank(staker);
        fee.approve(address(d), 1000);
        vm.expectRevert(abi.encodeWithSelector(IDirectory.DeliveredAmountMismatch.selector, 1000, 990));
        d.stake(alice, 1000);
        vm.stopPrank();
    }

    function test_Constructor_ZeroStakeToken_RevertsZeroAddress() public {
        vm.expectRevert(IDirectory.ZeroAddress.selector);
        new Directory(IERC20(address(0)), 0, 0);
    }

    function test_Stake_OnUnregisteredProvider_CountsOnceRegistered() public {
        _stake(staker, alice, 300 ether);
        assertEq(dir.totalListedStake(), 0, "not listed while unregistered");
        assertFalse(dir.isListed(alice), "not listed");
        _register(alice);
        assertTrue(dir.isListed(alice), "listed");
        assertEq(dir.totalListedStake(), 300 ether, "weight");
        _checkTree();
    }

    function test_Register_AfterStakesExist_AppendsWithCorrectTreeNodes() public {
        // stake first, so every append carries a non-zero weight into nodes that cover earlier positions
        for (uint256 i; i < 9; ++i) {
            _stake(staker, _provider(i), MIN + i * 1 ether);
        }
        for (uint256 i; i < 9; ++i) {
            _register(_provider(i));
            _checkTree();
        }
    }

    function test_Listing_RequiresMinStake() public {
        _register(alice);
        _stake(staker, alice, MIN - 1);
        assertFalse(dir.isListed(alice), "below minimum");
        assertEq(dir.totalListedStake(), 0, "no weight below minimum");
        _stake(staker, alice, 1);
        assertTrue(dir.isListed(alice), "at minimum");
        assertEq(dir.totalListedStake(), MIN, "weight = stake");
        _checkTree();
    }

    function test_Listing_ZeroMinStake_RegisteredIsListedWithZeroWeight() public {
        DirectoryHarness d = new DirectoryHarness(token, 0, 1);
        vm.prank(alice);
        d.register("x", 0, bytes32(uint256(1)), 0, "", "");
        assertTrue(d.isListed(alice), "listed at min 0");
        assertEq(d.totalListedStake(), 0, "no weight");
        vm.expectRevert(IDirectory.NoListedProviders.selector);
        d.pick(1);
    }

    // ---- unstaking ----

    function test_RequestUnstake_TakesWeightOffAtOnce() public {
        _register(alice);
        _stake(staker, alice, 300 ether);
        vm.expectEmit(address(dir));
        emit IDirectory.UnstakeRequested(alice, staker, 250 ether, uint64(block.timestamp + UNSTAKE_DELAY));
        vm.prank(staker);
        dir.requestUnstake(alice, 250 ether);
        assertEq(dir.stakeOf(alice), 50 ether, "stake reduced now");
        assertEq(dir.stakeBy(alice, staker), 50 ether, "staker's stake reduced");
        assertFalse(dir.isListed(alice), "fell below the minimum");
        assertEq(dir.totalListedStake(), 0, "weight gone");
        (uint256 amount, uint64 unlockAt) = dir.pendingUnstake(alice, staker);
        assertEq(amount, 250 ether, "pending");
        assertEq(unlockAt, block.timestamp + UNSTAKE_DELAY, "unlock");
        _checkTree();
    }

    function test_RequestUnstake_MoreThanOwnStake_RevertsInsufficientStake() public {
        _stake(staker, alice, 10 ether);
        vm.prank(staker);
        vm.expectRevert(abi.encodeWithSelector(IDirectory.InsufficientStake.selector, 10 ether));
        dir.requestUnstake(alice, 11 ether);
    }

    function test_RequestUnstake_SomeoneElsesStake_RevertsInsufficientStake() public {
        _stake(staker, alice, 10 ether);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IDirectory.InsufficientStake.selector, 0));
        dir.requestUnstake(alice, 1);
    }

    function test_RequestUnstake_Zero_RevertsZeroAmount() public {
        vm.prank(staker);
        vm.expectRevert(IDirectory.ZeroAmount.selector);
        dir.requestUnstake(alice, 0);
    }

    function test_RequestUnstake_Twice_AddsAndRestartsClock() public {
        _stake(staker, alice, 10 ether);
        vm.prank(staker);
        dir.requestUnstake(alice, 4 ether);
        vm.warp(block.timestamp + 3 days);
        vm.prank(staker);
        dir.requestUnstake(alice, 1 ether);
        (uint256 amount, uint64 unlockAt) = dir.pendingUnstake(alice, staker);
        assertEq(amount, 5 ether, "summed");
        assertEq(unlockAt, block.timestamp + UNSTAKE_DELAY, "clock restarted");
    }

    function test_WithdrawUnstaked_BeforeDelay_RevertsUnstakeLocked() public {
        _stake(staker, alice, 10 ether);
        vm.prank(staker);
        dir.requestUnstake(alice, 10 ether);
        uint64 unlockAt = uint64(block.timestamp + UNSTAKE_DELAY);
        vm.warp(unlockAt - 1);
        vm.prank(staker);
        vm.expectRevert(abi.encodeWithSelector(IDirectory.UnstakeLocked.selector, unlockAt));
        dir.withdrawUnstaked(alice);
    }

    function test_WithdrawUnstaked_AtUnlock_PaysAndClears() public {
        _stake(staker, alice, 10 ether);
        vm.prank(staker);
        dir.requestUnstake(alice, 6 ether);
        vm.warp(block.timestamp + UNSTAKE_DELAY);
        vm.expectEmit(address(dir));
        emit IDirectory.Unstaked(alice, staker, 6 ether);
        vm.prank(staker);
        dir.withdrawUnstaked(alice);
        assertEq(token.balanceOf(staker), 6 ether, "paid");
        (uint256 amount, uint64 unlockAt) = dir.pendingUnstake(alice, staker);
        assertEq(amount + unlockAt, 0, "cleared");
        assertEq(dir.stakeOf(alice), 4 ether, "rest stays staked");
    }

    function test_WithdrawUnstaked_NothingPending_RevertsNothingPending() public {
        vm.prank(staker);
        vm.expectRevert(IDirectory.NothingPending.selector);
        dir.withdrawUnstaked(alice);
    }

    // ---- pick ----

    function test_Pick_NoProviders_RevertsNoListedProviders() public {
        vm.expectRevert(IDirectory.NoListedProviders.selector);
        dir.pick(0);
    }

    function test_Pick_RegisteredWithoutStake_RevertsNoListedProviders() public {
        _register(alice);
        _register(bob);
        vm.expectRevert(IDirectory.NoListedProviders.selector);
        dir.pick(12345);
    }

    function test_Pick_SingleListedProvider_IsAlwaysPicked() public {
        _register(alice);
        _register(bob); // unlisted
        _stake(staker, bob, MIN - 1);
        _register(carol);
        _stake(staker, carol, MIN);
        for (uint256 s; s < 20; ++s) {
            assertEq(dir.pick(uint256(keccak256(abi.encode(s)))), carol, "only listed provider");
        }
    }

    function test_Pick_SeedsAtStakeBoundaries_PickTheRightProvider() public {
        _register(alice);
        _register(bob);
        _register(carol);
        _stake(staker, alice, 100 ether);
        _stake(staker, bob, 200 ether);
        _stake(staker, carol, 700 ether);
        assertEq(dir.pick(0), alice, "0");
        assertEq(dir.pick(100 ether - 1), alice, "end of alice");
        assertEq(dir.pick(100 ether), bob, "start of bob");
        assertEq(dir.pick(300 ether - 1), bob, "end of bob");
        assertEq(dir.pick(300 ether), carol, "start of carol");
        assertEq(dir.pick(1000 ether - 1), carol, "end of carol");
        assertEq(dir.pick(1000 ether), alice, "seed wraps modulo the total");
    }

    /// @dev Stakes 1:2:7 and 2000 fixed pseudo-random seeds: expected counts 200 / 400 / 1400 with standard
    ///      deviations 13.4 / 17.9 / 20.5; the tolerances are about 4 standard deviations.
    function test_Pick_FrequenciesFollowStake() public {
        _register(alice);
        _register(bob);
        _register(carol);
        _stake(staker, alice, 100 ether);
        _stake(staker, bob, 200 ether);
        _stake(staker, carol, 700 ether);
        uint256[3] memory hits;
        for (uint256 s; s < 2000; ++s) {
            address p = dir.pick(uint256(keccak256(abi.encode("seed", s))));
            if (p == alice) ++hits[0];
            else if (p == bob) ++hits[1];
            else if (p == carol) ++hits[2];
        }
        assertEq(hits[0] + hits[1] + hits[2], 2000, "only listed providers");
        assertApproxEqAbs(hits[0], 200, 55, "alice ~ 10%");
        assertApproxEqAbs(hits[1], 400, 72, "bob ~ 20%");
        assertApproxEqAbs(hits[2], 1400, 82, "carol ~ 70%");
    }

    // ---- paging and views ----

    function test_ProvidersPage_ReturnsEveryRegisteredProviderWithStakeAndListedFlag() public {
        _register(alice);
        _register(bob);
        _stake(staker, bob, MIN);
        IDirectory.ProviderView[] memory page = dir.providersPage(0, 10);
        assertEq(page.length, 2, "both, listed or not");
        assertEq(page[0].provider, alice, "alice first");
        assertFalse(page[0].listed, "alice unlisted");
        assertEq(page[1].provider, bob, "bob second");
        assertTrue(page[1].listed, "bob listed");
        assertEq(page[1].stake, MIN, "bob's stake");
        assertEq(page[1].endpoint, "203.0.113.7:51820", "fields included");
    }

    function test_ProvidersPage_OffsetBeyondEnd_ReturnsEmpty() public {
        _register(alice);
        assertEq(dir.providersPage(1, 10).length, 0, "offset == count");
        assertEq(dir.providersPage(5, 10).length, 0, "offset > count");
        assertEq(dir.providersPage(type(uint256).max, type(uint256).max).length, 0, "huge offset");
    }

    function test_ProvidersPage_LimitClampsToEnd() public {
        _register(alice);
        _register(bob);
        _register(carol);
        IDirectory.ProviderView[] memory page = dir.providersPage(1, type(uint256).max);
        assertEq(page.length, 2, "clamped");
        assertEq(page[0].provider, bob, "from offset");
        assertEq(page[1].provider, carol, "to end");
        assertEq(dir.providersPage(0, 2).length, 2, "limit respected");
        assertEq(dir.providersPage(0, 0).length, 0, "zero limit");
    }

    function test_ProvidersPage_ReadsManyProviders() public {
        for (uint256 i; i < 300; ++i) {
            _register(_provider(i));
        }
        IDirectory.ProviderView[] memory page = dir.providersPage(0, 300);
        assertEq(page.length, 300, "one call");
        assertEq(page[299].provider, _provider(299), "last");
    }

    function test_GetProvider_Unregistered_ReturnsEmptyFieldsWithStake() public {
        _stake(staker, alice, 5 ether);
        IDirectory.ProviderView memory v = dir.getProvider(alice);
        assertEq(v.provider, alice, "address");
        assertEq(bytes(v.endpoint).length, 0, "no endpoint");
        assertEq(v.stake, 5 ether, "stake");
        assertFalse(v.listed, "not listed");
        assertFalse(dir.isRegistered(alice), "not registered");
    }

    function test_Parameters_AreFixedAtDeployment() public view {
        assertEq(dir.minStake(), MIN, "min stake");
        assertEq(dir.unstakeDelay(), UNSTAKE_DELAY, "unstake delay");
        assertEq(address(dir.stakeToken()), address(token), "stake token");
    }
}
