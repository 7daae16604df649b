// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LotteryTestBase, Ticket, TicketSigning} from "./utils/LotteryTestBase.sol";
import {ILottery} from "../src/ILottery.sol";
import {console} from "./utils/console.sol";

/// @notice Gas of `claim` for batches of 1, 10 and 50 winning tickets from one signer, native coin and ERC-20.
/// @dev Only the `claim` call is metered (the rest runs with gas metering paused), so `forge snapshot` shows the
///      execution gas of the call, made from the test contract: it includes the 2600 of a cold call to the lottery
///      but not a transaction's own cost (21000 + 16 gas per non-zero calldata byte, about 3.5k per 224-byte
///      ticket). script/ClaimGasBench.s.sol measures real transactions; README.md gives both. Steady state: the
///      provider already has a replay record for the signer (it claimed nonces 1 and 2 in set-up) and already
///      holds some of the ERC-20, as a working provider does; nothing the claim touches is read before it in the
///      test, so every slot is as cold as in a real transaction. `-vv` prints gas per ticket.
contract ClaimGasTest is LotteryTestBase {
    using TicketSigning for Ticket;

    function setUp() public override {
        super.setUp();
        _fundNative(1_000 ether, 1 ether);
        _fundToken(1_000 ether, 1 ether);
        vm.prank(funder);
        lottery.fund{value: 2 ether}(address(0), otherSigner, 1 ether, 1 ether); // never claimed from yet
        token.mint(provider, 1); // a working provider already holds the token
        // a working provider already has a replay record for this signer
        ILottery.Claim[] memory first = new ILottery.Claim[](2);
        first[0] = _sign(_gasTicket(address(0), 1));
        first[1] = _sign(_gasTicket(address(token), 2));
        _claimAs(provider, first);
        // Snapshots for the checks after the measured call. They are taken here, in set-up, because reading them
        // in the test would warm the very slots the claim touches and hide their cold-access cost.
        nativeBefore = provider.balance;
        tokenBefore = token.balanceOf(provider);
        accountNativeBefore = _balanceOf(address(0), funder, signer);
        accountTokenBefore = _balanceOf(address(token), funder, signer);
    }

    uint256 internal nativeBefore;
    uint256 internal tokenBefore;
    uint256 internal accountNativeBefore;
    uint256 internal accountTokenBefore;

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

    function _measure(address tokenAddr, uint256 n, string memory label, string memory key) internal {
        vm.pauseGasMetering();
        ILottery.Claim[] memory cs = _batch(tokenAddr, n);
        bool native = tokenAddr == address(0);
        // Encode first so that only the call itself is measured.
        bytes memory callData = abi.encodeCall(ILottery.claim, (cs));
        vm.prank(provider);
        vm.resumeGasMetering();
        uint256 g = gasleft();
        (bool ok,) = address(lottery).call(callData);
        g -= gasleft();
        vm.pauseGasMetering();
        assertTrue(ok, "claim reverted");
        uint256 paid = native ? provider.balance - nativeBefore : token.balanceOf(provider) - tokenBefore;
        assertEq(paid, n * 0.01 ether, "every ticket must win and pay");
        uint256 accountBefore = native ? accountNativeBefore : accountTokenBefore;
        assertEq(accountBefore - _balanceOf(tokenAddr, funder, signer), n * 0.01 ether, "account debited");
        console.log(string.concat(label, " gas"), g);
        console.log(string.concat(label, " gas per ticket"), g / n);
        // exact figures, written to snapshots/claim-gas.json
        vm.snapshotValue("claim-gas", key, g);
        vm.snapshotValue("claim-gas", string.concat(key, "_per_ticket"), g / n);
        vm.resumeGasMetering();
    }

    function test_Gas_ClaimNative_Batch1() public {
        _measure(address(0), 1, "native batch 1", "native_batch1");
    }

    function test_Gas_ClaimNative_Batch10() public {
        _measure(address(0), 10, "native batch 10", "native_batch10");
    }

    function test_Gas_ClaimNative_Batch50() public {
        _measure(address(0), 50, "native batch 50", "native_batch50");
    }

    function test_Gas_ClaimErc20_Batch1() public {
        _measure(address(token), 1, "erc20 batch 1", "erc20_batch1");
    }

    function test_Gas_ClaimErc20_Batch10() public {
        _measure(address(token), 10, "erc20 batch 10", "erc20_batch10");
    }

    function test_Gas_ClaimErc20_Batch50() public {
        _measure(address(token), 50, "erc20 batch 50", "erc20_batch50");
    }

    /// @dev First claim ever from this signer: the replay record slot is created (the one-off 20k of a new slot).
    function test_Gas_ClaimNative_Batch1_FirstFromSigner() public {
        vm.pauseGasMetering();
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
        vm.snapshotValue("claim-gas", "native_batch1_first_from_signer", g);
    }
}
