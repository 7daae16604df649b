// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILottery} from "./ILottery.sol";

/// @title Ticket unpacking and hashing for the Lottery (docs/protocol.md §1.1 - §1.3)
/// @notice Everything here is `internal` and inlined into the Lottery; the hot paths use assembly to hash in
///         unallocated memory instead of building `abi.encode` buffers.
library LotteryTickets {
    /// @dev keccak256 of the EIP-712 type string of a ticket. The field order here is the order of `hashStruct`.
    bytes32 internal constant TICKET_TYPEHASH = keccak256(
        "Ticket(address recipient,bytes32 commit,uint64 issued,uint64 nonce,uint96 faceValue,uint64 winProb,uint64 expiry,address token,address funder,uint96 data)"
    );

    uint256 private constant MASK64 = 0xffffffffffffffff;
    uint256 private constant MASK96 = 0xffffffffffffffffffffffff;

    // ---- field accessors (the packing of docs/protocol.md §1.3) ----

    /// @dev packed0 bits 0..63.
    function expiry(uint256 packed0) internal pure returns (uint64) {
        return uint64(packed0);
    }

    /// @dev packed0 bits 64..127.
    function winProb(uint256 packed0) internal pure returns (uint64) {
        return uint64(packed0 >> 64);
    }

    /// @dev packed0 bits 128..191.
    function nonce(uint256 packed0) internal pure returns (uint64) {
        return uint64(packed0 >> 128);
    }

    /// @dev packed1 high 160 bits.
    function token(uint256 packed1) internal pure returns (address) {
        return address(uint160(packed1 >> 96));
    }

    /// @dev packed1 low 96 bits.
    function faceValue(uint256 packed1) internal pure returns (uint96) {
        return uint96(packed1);
    }

    /// @dev packed2 high 160 bits.
    function funder(uint256 packed2) internal pure returns (address) {
        return address(uint160(packed2 >> 96));
    }

    /// @dev packed3 high 160 bits; the low 96 bits are ignored.
    function signer(uint256 packed3) internal pure returns (address) {
        return address(uint160(packed3 >> 96));
    }

    // ---- hashing ----

    /// @notice EIP-712 hashStruct of the ticket that `c` claims for `recipient`:
    ///         keccak256(abi.encode(TICKET_TYPEHASH, recipient, keccak256(reveal), issued, nonce, faceValue, winProb,
    ///         expiry, token, funder, data)).
    /// @dev Writes the eleven words at the free memory pointer without moving it (memory-safe: the memory past the
    ///      free pointer is scratch for whoever runs next), and the reveal into the 0x00 scratch word.
    function structHash(ILottery.Claim calldata c, address recipient) internal pure returns (bytes32 h) {
        bytes32 typeHash = TICKET_TYPEHASH;
        assembly ("memory-safe") {
            let m := mload(0x40)
            let p0 := calldataload(add(c, 0x20))
            let p1 := calldataload(add(c, 0x40))
            let p2 := calldataload(add(c, 0x60))
            // commit = keccak256(reveal), hashed in the scratch word
            mstore(0x00, calldataload(c))
            mstore(add(m, 0x40), keccak256(0x00, 0x20))
            mstore(m, typeHash)
            // `recipient` may carry dirty high bits inside assembly: clean it to 160 bits
            mstore(add(m, 0x20), shr(96, shl(96, recipient)))
            mstore(add(m, 0x60), shr(192, p0)) // issued
            mstore(add(m, 0x80), and(shr(128, p0), MASK64)) // nonce
            mstore(add(m, 0xa0), and(p1, MASK96)) // faceValue
            mstore(add(m, 0xc0), and(shr(64, p0), MASK64)) // winProb
            mstore(add(m, 0xe0), and(p0, MASK64)) // expiry
            mstore(add(m, 0x100), shr(96, p1)) // token
            mstore(add(m, 0x120), shr(96, p2)) // funder
            mstore(add(m, 0x140), and(p2, MASK96)) // data
            h := keccak256(m, 0x160)
        }
    }

    /// @notice EIP-712 digest keccak256(0x19 0x01 ‖ domainSeparator ‖ structHash).
    /// @dev Same unallocated-memory technique as `structHash`; 66 bytes starting at the free memory pointer.
    function digest(bytes32 domainSeparator, bytes32 structHash_) internal pure returns (bytes32 d) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, hex"1901")
            mstore(add(m, 0x02), domainSeparator)
            mstore(add(m, 0x22), structHash_)
            d := keccak256(m, 0x42)
        }
    }

    /// @notice The win rule of docs/protocol.md §1.2:
    ///         uint64(uint256(keccak256(abi.encodePacked(reveal, digest)))) < winProb.
    /// @dev Hashes the 64 bytes in the two scratch words 0x00..0x3f.
    function wins(bytes32 reveal, bytes32 digest_, uint64 winProb_) internal pure returns (bool w) {
        assembly ("memory-safe") {
            mstore(0x00, reveal)
            mstore(0x20, digest_)
            w := lt(and(keccak256(0x00, 0x40), MASK64), and(winProb_, MASK64))
        }
    }
}
