// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm, VM_ADDRESS} from "../test/utils/Vm.sol";
import {console} from "../test/utils/console.sol";
import {ILottery} from "../src/ILottery.sol";
import {Lottery} from "../src/Lottery.sol";
import {TestToken} from "../src/TestToken.sol";
import {Ticket, TicketSigning} from "../test/utils/LotteryTestBase.sol";

/// @title Real-transaction gas of `claim` (intrinsic 21000 + calldata + execution), for scripts/claim-gas-bench.sh
/// @notice Broadcasts, from BENCH_KEY, a fresh Lottery and TestToken, funds an account signed for by SIGNER_KEY,
///         claims one warm-up ticket per token (so the replay record exists, as for a working provider), then
///         claim batches of 1, 10 and 50 always-winning tickets in the native coin and in the ERC-20.
///         The receipts' gasUsed is what a provider pays. Devnet only.
contract ClaimGasBench {
    Vm internal constant vm = Vm(VM_ADDRESS);

    Lottery internal lottery;
    address internal me;
    uint256 internal signerKey;
    uint64 internal nonce;

    function run() external {
        uint256 key = vm.envUint("BENCH_KEY");
        signerKey = vm.envUint("SIGNER_KEY");
        me = vm.addr(key);
        address signer = vm.addr(signerKey);

        vm.startBroadcast(key);
        lottery = new Lottery(1 days);
        TestToken token = new TestToken();
        token.mint(me, 1_000 ether);
        token.approve(address(lottery), type(uint256).max);
        lottery.fund{value: 100 ether}(address(0), signer, 90 ether, 10 ether);
        lottery.fund(address(token), signer, 900 ether, 100 ether);

        lottery.claim(_batch(address(0), 1)); // warm-up: creates the replay record
        lottery.claim(_batch(address(token), 1)); // warm-up: the provider now holds the token
        uint256[3] memory sizes = [uint256(1), 10, 50];
        for (uint256 i; i < 3; ++i) {
            lottery.claim(_batch(address(0), sizes[i]));
        }
        for (uint256 i; i < 3; ++i) {
            lottery.claim(_batch(address(token), sizes[i]));
        }
        vm.stopBroadcast();
        console.log("Lottery", address(lottery));
    }

    function _batch(address token, uint256 n) internal returns (ILottery.Claim[] memory cs) {
        cs = new ILottery.Claim[](n);
        for (uint256 i; i < n; ++i) {
            cs[i] = _claim(token, ++nonce);
        }
    }

    function _claim(address token, uint64 n) internal view returns (ILottery.Claim memory) {
        Ticket memory t = Ticket({
            recipient: me,
            reveal: keccak256(abi.encode("bench reveal", n)),
            issued: uint64(block.timestamp),
            nonce: n,
            faceValue: 0.01 ether,
            winProb: type(uint64).max,
            expiry: uint64(block.timestamp + 1 days),
            token: token,
            funder: me,
            data: uint96(n) * 7919
        });
        return TicketSigning.sign(t, signerKey, address(lottery), block.chainid);
    }
}
