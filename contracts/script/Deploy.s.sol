// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Vm, VM_ADDRESS} from "../test/utils/Vm.sol";
import {console} from "../test/utils/console.sol";
import {Directory} from "../src/Directory.sol";
import {Lottery} from "../src/Lottery.sol";
import {TestToken} from "../src/TestToken.sol";

/// @title Deploys the DvpnClient contracts to any chain
/// @notice Environment:
///   DEPLOYER_KEY    (required) private key that pays for and sends the deployment
///   STAKE_TOKEN     ERC-20 staked in the Directory; unset or 0: deploy a TestToken (devnets only) and use it
///   MIN_STAKE       Directory minimum stake to be listed, in the token's smallest unit (default 100e18)
///   UNSTAKE_DELAY   Directory unstake delay in seconds (default 7 days)
///   WITHDRAW_DELAY  Lottery withdrawal delay in seconds (default 1 day)
///   TEST_TOKEN_MINT with a deployed TestToken: amount minted to the deployer (default 1,000,000e18)
/// See contracts/README.md for the command.
contract Deploy {
    Vm internal constant vm = Vm(VM_ADDRESS);

    /// @notice Deploys (TestToken,) Directory and Lottery and returns their addresses.
    function run() external returns (address stakeToken, Directory directory, Lottery lottery) {
        uint256 key = vm.envUint("DEPLOYER_KEY");
        stakeToken = vm.envOr("STAKE_TOKEN", address(0));
        uint256 minStake = vm.envOr("MIN_STAKE", uint256(100e18));
        uint256 unstakeDelay = vm.envOr("UNSTAKE_DELAY", uint256(7 days));
        uint256 withdrawDelay = vm.envOr("WITHDRAW_DELAY", uint256(1 days));
        uint256 testMint = vm.envOr("TEST_TOKEN_MINT", uint256(1_000_000e18));
        require(unstakeDelay <= type(uint64).max && withdrawDelay <= type(uint64).max, "delay too large");

        vm.startBroadcast(key);
        if (stakeToken == address(0)) {
            TestToken t = new TestToken();
            if (testMint != 0) t.mint(vm.addr(key), testMint);
            stakeToken = address(t);
            console.log("TestToken", stakeToken);
        }
        directory = new Directory(IERC20(stakeToken), minStake, uint64(unstakeDelay));
        lottery = new Lottery(uint64(withdrawDelay));
        vm.stopBroadcast();

        console.log("StakeToken", stakeToken);
        console.log("Directory", address(directory));
        console.log("Lottery", address(lottery));
    }
}
