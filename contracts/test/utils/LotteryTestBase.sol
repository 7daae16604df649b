// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TestBase} from "./TestBase.sol";
import {Vm} from "./Vm.sol";
import {ILottery} from "../../src/ILottery.sol";
import {Lottery} from "../../src/Lottery.sol";
import {TestToken} from "../../src/TestToken.sol";

/// @notice A ticket with every field of the EIP-712 struct, as a client would hold it before signing.
struct Ticket {
    address recipient;
    bytes32 reveal;
    uint64 issued;
    uint64 nonce;
    uint96 faceValue;
    uint64 winProb;
    uint64 expiry;
    address token;
    address funder;
    uint96 data;
}

/// @notice Builds and signs tickets independently of the contract's own hashing (plain abi.encode EIP-712), so the
///         tests check the contract against the spec rather than against itself.
library TicketSigning {
    Vm private constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant TICKET_TYPEHASH = keccak256(
        "Ticket(address recipient,bytes32 commit,uint64 issued,uint64 nonce,uint96 faceValue,uint64 winProb,uint64 expiry,address token,address funder,uint96 data)"
    );

    function domainSeparator(address lottery, uint256 chainId) internal pure returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256("DvpnLottery"), keccak256("1"), chainId, lottery));
    }

    function hashStruct(Ticket memory t) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                TICKET_TYPEHASH,
                t.recipient,
                keccak256(abi.encodePacked(t.reveal)),
                t.issued,
                t.nonce,
                t.faceValue,
                t.winProb,
                t.expiry,
                t.token,
                t.funder,
                t.data
            )
        );
    }

    function digest(Ticket memory t, address lottery, uint256 chainId) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(hex"1901", domainSeparator(lottery, chainId), hashStruct(t)));
    }

    /// @dev The win rule of docs/protocol.md §1.2, written out plainly.
    function wins(Ticket memory t, address lottery, uint256 chainId) internal pure returns (bool) {
        return uint64(uint256(keccak256(abi.encodePacked(t.reveal, digest(t, lottery, chainId))))) < t.winProb;
    }

    /// @dev Packs the ticket's fields into the seven claim words (signature left empty).
    function pack(Ticket memory t, address signer) internal pure returns (ILottery.Claim memory c) {
        c.reveal = t.reveal;
        c.packed0 = (uint256(t.issued) << 192) | (uint256(t.nonce) << 128) | (uint256(t.winProb) << 64) | t.expiry;
        c.packed1 = (uint256(uint160(t.token)) << 96) | t.faceValue;
        c.packed2 = (uint256(uint160(t.funder)) << 96) | t.data;
        c.packed3 = uint256(uint160(signer)) << 96;
    }

    /// @dev Signs the ticket for `lottery` on `chainId` with `key` and packs it as a claim.
    function sign(Ticket memory t, uint256 key, address lottery, uint256 chainId)
        internal
        pure
        returns (ILottery.Claim memory c)
    {
        c = pack(t, vm.addr(key));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest(t, lottery, chainId));
        c.r = r;
        c.vs = bytes32(uint256(s) | (uint256(v - 27) << 255));
    }
}

/// @notice Shared fixture: a Lottery with a one-day withdrawal delay, an ERC-20, a funder, a signer and a provider.
abstract contract LotteryTestBase is TestBase {
    using TicketSigning for Ticket;

    uint64 internal constant DELAY = 1 days;
    uint64 internal constant ALWAYS = type(uint64).max; // wins except with probability 2^-64
    uint64 internal constant NEVER = 0;

    Lottery internal lottery;
    TestToken internal token;

    uint256 internal constant SIGNER_KEY = 0xA11CE;
    uint256 internal constant OTHER_KEY = 0xB0B;
    address internal signer;
    address internal otherSigner;
    address internal funder = address(0xF00D);
    address internal provider = address(0xBEEF);
    address internal stranger = address(0xCAFE);

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        lottery = new Lottery(DELAY);
        token = new TestToken();
        signer = vm.addr(SIGNER_KEY);
        otherSigner = vm.addr(OTHER_KEY);
        vm.deal(funder, 1_000_000 ether);
        token.mint(funder, 1_000_000 ether);
        vm.prank(funder);
        token.approve(address(lottery), type(uint256).max);
    }

    // ---- funding helpers ----

    function _fundNative(uint128 balance, uint128 escrow) internal {
        vm.prank(funder);
        lottery.fund{value: uint256(balance) + escrow}(address(0), signer, balance, escrow);
    }

    function _fundToken(uint128 balance, uint128 escrow) internal {
        vm.prank(funder);
        lottery.fund(address(token), signer, balance, escrow);
    }

    function _balanceOf(address tokenAddr, address funderAddr, address signerAddr) internal view returns (uint256 b) {
        (b,,,,) = lottery.account(tokenAddr, funderAddr, signerAddr);
    }

    function _escrowOf(address tokenAddr, address funderAddr, address signerAddr) internal view returns (uint256 e) {
        (, e,,,) = lottery.account(tokenAddr, funderAddr, signerAddr);
    }

    // ---- ticket helpers ----

    /// @dev A winning native-coin ticket for `provider` from `funder`'s account, nonce `nonce`, valid for an hour.
    function _ticket(uint64 nonce, uint96 face) internal view returns (Ticket memory t) {
        t = Ticket({
            recipient: provider,
            reveal: keccak256(abi.encode("reveal", nonce)),
            issued: uint64(block.timestamp),
            nonce: nonce,
            faceValue: face,
            winProb: ALWAYS,
            expiry: uint64(block.timestamp + 1 hours),
            token: address(0),
            funder: funder,
            data: 0
        });
    }

    function _sign(Ticket memory t) internal view returns (ILottery.Claim memory) {
        return t.sign(SIGNER_KEY, address(lottery), block.chainid);
    }

    function _signWith(Ticket memory t, uint256 key) internal view returns (ILottery.Claim memory) {
        return t.sign(key, address(lottery), block.chainid);
    }

    function _one(ILottery.Claim memory c) internal pure returns (ILottery.Claim[] memory cs) {
        cs = new ILottery.Claim[](1);
        cs[0] = c;
    }

    function _claimAs(address who, ILottery.Claim[] memory cs) internal {
        vm.prank(who);
        lottery.claim(cs);
    }

    function _expectSkip(address signerAddr, uint64 nonce, ILottery.SkipReason reason) internal {
        vm.expectEmit(address(lottery));
        emit ILottery.TicketSkipped(signerAddr, nonce, uint8(reason));
    }
}
