// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TestBase} from "./utils/TestBase.sol";
import {Deploy} from "../script/Deploy.s.sol";
import {Directory} from "../src/Directory.sol";
import {Lottery} from "../src/Lottery.sol";
import {TestToken} from "../src/TestToken.sol";

/// @notice The deployment script with default and explicit parameters.
/// @dev One test function on purpose: the environment is process-wide and forge runs tests in parallel.
contract DeployScriptTest is TestBase {
    function test_Deploy_DefaultsAndExplicitParameters() public {
        uint256 key = 0xD3B10;
        vm.setEnv("DEPLOYER_KEY", vm.toString(bytes32(key)));
        vm.setEnv("STAKE_TOKEN", "0x0000000000000000000000000000000000000000");
        vm.setEnv("MIN_STAKE", "100000000000000000000");
        vm.setEnv("UNSTAKE_DELAY", "604800");
        vm.setEnv("WITHDRAW_DELAY", "86400");
        vm.setEnv("TEST_TOKEN_MINT", "5");

        // no STAKE_TOKEN: a TestToken is deployed, minted to the deployer and used for staking
        Deploy script = new Deploy();
        (address stakeToken, Directory directory, Lottery lottery) = script.run();
        assertEq(address(directory.stakeToken()), stakeToken, "directory stakes the new token");
        assertEq(TestToken(stakeToken).balanceOf(vm.addr(key)), 5, "minted to the deployer");
        assertEq(directory.minStake(), 100e18, "min stake");
        assertEq(directory.unstakeDelay(), 7 days, "unstake delay");
        assertEq(lottery.withdrawDelay(), 1 days, "withdraw delay");

        // explicit STAKE_TOKEN and parameters
        vm.setEnv("STAKE_TOKEN", vm.toString(stakeToken));
        vm.setEnv("MIN_STAKE", "42");
        vm.setEnv("UNSTAKE_DELAY", "60");
        vm.setEnv("WITHDRAW_DELAY", "30");
        (address token2, Directory directory2, Lottery lottery2) = new Deploy().run();
        assertEq(token2, stakeToken, "existing token reused");
        assertEq(directory2.minStake(), 42, "min stake");
        assertEq(directory2.unstakeDelay(), 60, "unstake delay");
        assertEq(lottery2.withdrawDelay(), 30, "withdraw delay");
    }
}
