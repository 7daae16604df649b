// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title DvpnClient probabilistic-payment lottery
/// @notice Clients pay providers with signed EIP-712 lottery tickets drawn on accounts keyed by
///         (token, funder, signer). docs/protocol.md §1 is the binding specification of every rule here.
interface ILottery {
    /// @notice One ticket as `claim` takes it: seven words, 224 bytes of calldata (docs/protocol.md §1.3).
    /// @param reveal  The provider's secret; the contract recomputes the ticket's commit as keccak256(reveal).
    /// @param packed0 `issued << 192 | nonce << 128 | winProb << 64 | expiry`.
    /// @param packed1 `uint160(token) << 96 | faceValue`.
    /// @param packed2 `uint160(funder) << 96 | data`.
    /// @param packed3 `uint160(signer) << 96`; the low 96 bits are ignored.
    /// @param r       Signature r.
    /// @param vs      EIP-2098 compact signature: s with the y-parity in the top bit.
    struct Claim {
        bytes32 reveal;
        uint256 packed0;
        uint256 packed1;
        uint256 packed2;
        uint256 packed3;
        bytes32 r;
        bytes32 vs;
    }

    /// @notice Why `claim` skipped a ticket; the value is the `reason` of `TicketSkipped`.
    enum SkipReason {
        None, // 0: not skipped (never emitted)
        Expired, // 1: expiry <= block.timestamp
        NonceUsed, // 2: nonce <= the (recipient, signer) replay record's highNonce
        NotWinner, // 3: the win rule did not hold
        BadSignature, // 4: the signature does not recover to the signer word
        Unfunded // 5: the account holds neither balance nor escrow
    }

    /// @notice `funder` added `balance` and `escrow` to the account (token, funder, signer).
    event Funded(
        address indexed token, address indexed funder, address indexed signer, uint128 balance, uint128 escrow
    );

    /// @notice `funder` announced a withdrawal of up to `balance` and `escrow`, possible from `unlockAt` on.
    ///         `unlockAt == 0` (with zero amounts) means a pending withdrawal was cancelled.
    event Warned(
        address indexed token,
        address indexed funder,
        address indexed signer,
        uint128 balance,
        uint128 escrow,
        uint64 unlockAt
    );

    /// @notice `funder` withdrew `balance` and `escrow` from the account, paid to `to`.
    event Withdrawn(
        address indexed token,
        address indexed funder,
        address indexed signer,
        address to,
        uint128 balance,
        uint128 escrow
    );

    /// @notice A ticket was skipped by `claim`; nothing changed for it. `reason` is a `SkipReason`.
    event TicketSkipped(address indexed signer, uint64 indexed nonce, uint8 reason);

    /// @notice A winning ticket overdrew the account: its whole `escrow` is locked in the contract for good.
    event EscrowBurned(address indexed token, address indexed funder, address indexed signer, uint128 escrow);

    /// @notice `recipient` was paid `amount` of `token` for a run of `tickets` consecutive paying tickets.
    event Claimed(address indexed recipient, address indexed token, uint256 amount, uint256 tickets);

    /// @notice `recipient` deleted its replay record for `signer`; every ticket it protected had expired.
    event Swept(address indexed recipient, address indexed signer, uint64 highNonce, uint64 maxExpiry);

    /// @notice Native coin: `msg.value` differs from balance + escrow, or value was sent with an ERC-20 fund;
    ///         or the amount to fund is zero.
    error BadAmount();
    /// @notice An ERC-20 delivered `delivered` instead of `expected` (fee-on-transfer and similar tokens are refused).
    error DeliveredAmountMismatch(uint256 expected, uint256 delivered);
    /// @notice `withdraw` before the warned withdrawal unlocks.
    error WithdrawalLocked(uint64 unlockAt);
    /// @notice `withdraw` without a pending warning.
    error NothingWarned();
    /// @notice A signer or payee of address(0).
    error ZeroAddress();
    /// @notice Sending the native coin to a payee failed.
    error NativeTransferFailed();

    /// @notice Adds `balance` and `escrow` to the caller's account (token, msg.sender, signer).
    /// @dev Native coin (`token == address(0)`): `msg.value` must equal `balance + escrow`. ERC-20: the sum is pulled
    ///      with `transferFrom` (approve first) and the call reverts unless exactly that much arrives.
    /// @param token  address(0) for the native coin, else an ERC-20.
    /// @param signer The key that signs tickets drawn on this account.
    /// @param balance Added to the balance that winning tickets pay from.
    /// @param escrow  Added to the escrow, the deposit burned when a winner overdraws the balance.
    function fund(address token, address signer, uint128 balance, uint128 escrow) external payable;

    /// @notice Announces a withdrawal of up to `balance` and `escrow` from the caller's account, possible after
    ///         `withdrawDelay` seconds. Replaces any earlier warning and restarts the clock; warning 0 and 0 cancels.
    /// @dev Tickets keep paying from the balance meanwhile; `withdraw` pays min(warned, held) of each.
    function warn(address token, address signer, uint128 balance, uint128 escrow) external;

    /// @notice Pays out a warned withdrawal from the caller's account to `to` once it has unlocked.
    /// @dev Pays min(warnedBalance, balance) and min(warnedEscrow, escrow), then clears the warning.
    ///      Reverts `NothingWarned` without a warning and `WithdrawalLocked(unlockAt)` before it unlocks.
    function withdraw(address token, address signer, address payable to) external;

    /// @notice Reads the account (token, funder, signer).
    /// @return balance What winning tickets pay from.
    /// @return escrow The deposit burned when a winner overdraws the balance.
    /// @return warnedBalance Balance announced for withdrawal (0 if none).
    /// @return warnedEscrow Escrow announced for withdrawal (0 if none).
    /// @return unlockAt When the announced withdrawal may be executed; 0 when none is pending.
    function account(address token, address funder, address signer)
        external
        view
        returns (uint128 balance, uint128 escrow, uint128 warnedBalance, uint128 warnedEscrow, uint64 unlockAt);

    /// @notice Claims a batch of tickets for `msg.sender`, the recipient, in the order given.
    /// @dev Each ticket either pays or is skipped with `TicketSkipped`; one bad ticket never reverts the batch.
    ///      Payouts are summed per run of consecutive paying tickets with the same token and sent after every
    ///      ticket has been processed, one `Claimed` event and one transfer per run. Claim in increasing nonce order
    ///      per signer: a claimed nonce voids every lower unclaimed one (docs/protocol.md §1.5).
    function claim(Claim[] calldata claims) external;

    /// @notice The EIP-712 digest the contract computes for `ticket` claimed by `recipient` (the signature words are
    ///         ignored). Off-chain code compares it with its own digest.
    function ticketDigest(address recipient, Claim calldata ticket) external view returns (bytes32);

    /// @notice The EIP-712 domain separator ("DvpnLottery", "1", this chain, this contract).
    function domainSeparator() external view returns (bytes32);

    /// @notice The replay record of (recipient, signer): the highest claimed nonce and the latest expiry among the
    ///         claimed tickets. Tickets with a nonce <= highNonce are skipped as `NonceUsed`.
    function replayRecord(address recipient, address signer) external view returns (uint64 highNonce, uint64 maxExpiry);

    /// @notice Deletes the caller's replay records for `signers` whose maxExpiry has passed (a gas refund).
    /// @dev Records that are empty or still protect a live ticket are left alone. Every ticket a deleted record
    ///      protected has expired, so none of them can be paid twice.
    function sweep(address[] calldata signers) external;

    /// @notice Total escrow of `token` burned by overdrawn accounts; it stays locked in this contract forever.
    function burned(address token) external view returns (uint256);

    /// @notice Seconds between `warn` and the earliest `withdraw`, fixed at deployment.
    function withdrawDelay() external view returns (uint64);
}
