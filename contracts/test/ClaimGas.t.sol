// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LotteryTestBase, Ticket, TicketSigning} from "./utils/LotteryTestBase.sol";
import {ILottery} from "../src/ILottery.sol";
import {console} from "./utils/console.sol";

/// @notice Gas of `claim` for batches of 1, 10 and 50 winning tickets from one signer, native coin and ERC-20.
/// @dev Only the `claim` call is metered (set-up runs with gas metering paused), so `forge snapshot` shows the
///      execution gas of the call. Steady state: the provider already has a replay record for the signer (it claimed
///      nonce 1 before) and already holds some of the ERC-20, as a working provider does. `-vv` prints gas per
///      ticket. The transaction's own cost (21000 + 16 gas per non-zero calldata byte, about 3.5k per 224-byte
///      ticket) comes on top; README.md gives both.
contract ClaimGasTest is LotteryTestBase {
    using TicketSigning for Ticket;

    function setUp() public override {
        super.setUp();
        _fundNative(1_000 ether, 1 ether);
        _fundToken(1_000 ether, 1 ether);
        token.mint(provider, 1); // a working provider already holds the token
        // a working provider already has a replay record for this signer
        ILottery.Claim[] memory first = new ILottery.Claim[](2);
        first[0] = _sign(_gasTicket(address(0), 1));
        first[1] = _sign(_gasTicket(address(token), 2));
        _claimAs(provider, first);
    }

    function _gasTicket(address tokenAddr, uint64 nonce) internal view returns (Ticket memory t) {
        t = _ticket(nonce, 0.01 ether);
        t.token = tokenAddr;
        t.issued = uint64(block.timestamp);
        t.data = uint96(nonce) * 7919; // non-zero like a real session tag
    }

    function _batch(address tokenAddr, uint256 n) internal view returns (ILottery.Claim[] memory cs) {
        cs = new ILottery.Claim[](n);
        for (uint256 i; i < n; ++i) {
            cs[i] = _sign(_gasTicket(tokenAddr, uint64(10 + i)));
        }
    }

    function _measure(address tokenAddr, uint256 n, string memory label) internal {
        vm.pauseGasMetering();
        ILottery.Claim[] memory cs = _batch(tokenAddr, n);
        uint256 paidBefore = tokenAddr == address(0) ? provider.balance : token.balanceOf(provider);
        // Encode first so that only the call itself is measured.
        bytes memory callData = abi.encodeCall(ILottery.claim, (cs));
        vm.prank(provider);
        vm.resumeGasMetering();
        uint256 g = gasleft();
        (bool ok,) = address(lottery).call(callData);
        g -= gasleft();
        vm.pauseGasMetering();
        assertTrue(ok, "claim reverted");
        uint256 paid = (tokenAddr == address(0) ? provider.balance : token.balanceOf(provider)) - paidBefore;
        assertEq(paid, n * 0.01 ether, "every ticket must win and pay");
        console.log(string.concat(label, " gas"), g);
        console.log(string.concat(label, " gas per ticket"), g / n);
        vm.resumeGasMetering();
    }

    function test_Gas_ClaimNative_Batch1() public {
        _measure(address(0), 1, "native batch 1");
    }

    function test_Gas_ClaimNative_Batch10() public {
        _measure(address(0), 10, "native batch 10");
    }

    function test_Gas_ClaimNative_Batch50() public {
        _measure(address(0), 50, "native batch 50");
    }

    function test_Gas_ClaimErc20_Batch1() public {
        _measure(address(token), 1, "erc20 batch 1");
    }

    function test_Gas_ClaimErc20_Batch10() public {
        _measure(address(token), 10, "erc20 batch 10");
    }

    function test_Gas_ClaimErc20_Batch50() public {
        _measure(address(token), 50, "erc20 batch 50");
    }

    /// @dev First claim ever from this signer: the replay record slot is created (the one-off 20k of a new slot).
    function test_Gas_ClaimNative_Batch1_FirstFromSigner() public {
        vm.pauseGasMetering();
        vm.prank(funder);
        lottery.fund{value: 2 ether}(address(0), otherSigner, 1 ether, 1 ether);
        bytes memory callData = abi.encodeCall(ILottery.claim, (_one(_signWith(_gasTicket(address(0), 1), OTHER_KEY))));
        vm.prank(provider);
        vm.resumeGasMetering();
        uint256 g = gasleft();
        (bool ok,) = address(lottery).call(callData);
        g -= gasleft();
        vm.pauseGasMetering();
        assertTrue(ok, "claim reverted");
        vm.resumeGasMetering();
        console.log("native batch 1, first claim from signer, gas", g);
    }
}
