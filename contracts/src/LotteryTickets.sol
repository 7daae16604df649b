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

    /// @dev Skip reasons as `claim` emits them (ILottery.SkipReason); 0 means the ticket passed.
    uint256 internal constant PASS = 0;
    uint256 internal constant EXPIRED = 1;
    uint256 internal constant NONCE_USED = 2;
    uint256 internal constant NOT_WINNER = 3;
    uint256 internal constant BAD_SIGNATURE = 4;
    uint256 internal constant UNFUNDED = 5;

    /// @dev secp256k1n / 2: the largest s accepted (EIP-2 low-s rule).
    uint256 private constant HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    uint256 private constant MASK64 = 0xffffffffffffffff;
    uint256 private constant MASK96 = 0xffffffffffffffffffffffff;

    // ---- field accessors (the packing of docs/protocol.md §1.3) ----

    /// @dev packed0 bits 0..63.
    function expiry(uint256 packed0) internal pure returns (uint64) {
        return uint64(packed0);
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

    /// @notice Steps 1-4 of docs/protocol.md §1.4 for the claim `c` made by `recipient`, in that order: expiry,
    ///         replay (`highNonce` is the recipient's record for the claim's signer), win rule, signature.
    /// @return reason EXPIRED, NONCE_USED, NOT_WINNER, BAD_SIGNATURE, or PASS when the ticket may be paid.
    /// @dev The hot path of `claim`: after the two cheap checks, the digest, the win rule and the signature check
    ///      run in one assembly block (memory: the free-memory area unallocated, and the scratch words 0x00..0x3f).
    ///      It repeats the four lines of `digest`; the tests check both this path (through claims signed by an
    ///      independent EIP-712 implementation) and `ticketDigest` (against that implementation directly).
    function screen(ILottery.Claim calldata c, address recipient, bytes32 domainSeparator, uint256 highNonce)
        internal
        view
        returns (uint256 reason)
    {
        uint256 p0 = c.packed0;
        if (uint64(p0) <= block.timestamp) return EXPIRED;
        if (uint64(p0 >> 128) <= highNonce) return NONCE_USED;
        bytes32 h = structHash(c, recipient);
        assembly ("memory-safe") {
            // digest = keccak256(0x1901 ‖ domainSeparator ‖ structHash)
            let m := mload(0x40)
            mstore(m, hex"1901")
            mstore(add(m, 0x02), domainSeparator)
            mstore(add(m, 0x22), h)
            let d := keccak256(m, 0x42)
            // win rule: low 64 bits of keccak256(reveal ‖ digest) < winProb
            mstore(0x00, calldataload(c))
            mstore(0x20, d)
            reason := NOT_WINNER
            if lt(and(keccak256(0x00, 0x40), MASK64), and(shr(64, p0), MASK64)) {
                reason := BAD_SIGNATURE
                let vs := calldataload(add(c, 0xc0))
                let s := shr(1, shl(1, vs))
                if iszero(gt(s, HALF_ORDER)) {
                    // ecrecover(d, 27 + parity, r, s); 0x00 is zeroed because a failed recovery returns nothing
                    mstore(m, d)
                    mstore(add(m, 0x20), add(27, shr(255, vs)))
                    mstore(add(m, 0x40), calldataload(add(c, 0xa0)))
                    mstore(add(m, 0x60), s)
                    mstore(0x00, 0)
                    pop(staticcall(gas(), 0x01, m, 0x80, 0x00, 0x20))
                    let recovered := mload(0x00)
                    // the signer word's high 160 bits; a zero signer never matches because recovered != 0
                    if and(iszero(iszero(recovered)), eq(recovered, shr(96, calldataload(add(c, 0x80))))) {
                        reason := PASS
                    }
                }
            }
        }
    }
}
