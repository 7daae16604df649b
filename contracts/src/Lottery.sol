// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ILottery} from "./ILottery.sol";
import {LotteryTickets} from "./LotteryTickets.sol";

/// @title DvpnClient lottery: probabilistic micropayments from client accounts to VPN providers
/// @notice Implements docs/protocol.md §1. A client funds an account (token, funder, signer), signs EIP-712 tickets
///         with the signer key, and the provider named as recipient claims the winners in batches.
/// @dev Storage per claim is one slot per (recipient, signer) (the replay record) and the account's hot slot
///      (balance | escrow); no slot is created per ticket and paid tickets emit no per-ticket event.
contract Lottery is ILottery, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using LotteryTickets for uint256;

    /// @dev Slot 0 (balance, escrow) is the only one a claim touches; the warning lives in the next two slots.
    struct Account {
        uint128 balance;
        uint128 escrow;
        uint128 warnedBalance;
        uint128 warnedEscrow;
        uint64 unlockAt;
    }

    /// @inheritdoc ILottery
    uint64 public immutable override withdrawDelay;

    mapping(address token => mapping(address funder => mapping(address signer => Account))) private _accounts;

    /// @dev Replay record of (recipient, signer), packed as `maxExpiry << 64 | highNonce`.
    mapping(address recipient => mapping(address signer => uint256)) private _replay;

    mapping(address token => uint256) private _burned;

    /// @param withdrawDelay_ Seconds between `warn` and the earliest `withdraw`. Providers use it to judge how long
    ///        a session on an account is safe; it cannot change after deployment.
    constructor(uint64 withdrawDelay_) EIP712("DvpnLottery", "1") {
        withdrawDelay = withdrawDelay_;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Accounts
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ILottery
    function fund(address token, address signer, uint128 balance, uint128 escrow) external payable nonReentrant {
        if (signer == address(0)) revert ZeroAddress();
        uint256 total = uint256(balance) + escrow;
        if (total == 0) revert BadAmount();
        if (token == address(0)) {
            if (msg.value != total) revert BadAmount();
        } else {
            if (msg.value != 0) revert BadAmount();
            // Interaction before the effects is deliberate: only the amount that actually arrived may be credited.
            // nonReentrant keeps a malicious token from re-entering in between.
            uint256 before = IERC20(token).balanceOf(address(this));
            IERC20(token).safeTransferFrom(msg.sender, address(this), total);
            uint256 delivered = IERC20(token).balanceOf(address(this)) - before;
            if (delivered != total) revert DeliveredAmountMismatch(total, delivered);
        }
        Account storage a = _accounts[token][msg.sender][signer];
        // Checked: a sum beyond uint128 reverts with a panic instead of wrapping.
        a.balance += balance;
        a.escrow += escrow;
        emit Funded(token, msg.sender, signer, balance, escrow);
    }

    /// @inheritdoc ILottery
    function warn(address token, address signer, uint128 balance, uint128 escrow) external {
        Account storage a = _accounts[token][msg.sender][signer];
        uint64 unlockAt = (balance | escrow) == 0 ? 0 : uint64(block.timestamp) + withdrawDelay;
        a.warnedBalance = balance;
        a.warnedEscrow = escrow;
        a.unlockAt = unlockAt;
        emit Warned(token, msg.sender, signer, balance, escrow, unlockAt);
    }

    /// @inheritdoc ILottery
    function withdraw(address token, address signer, address payable to) external nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        Account storage a = _accounts[token][msg.sender][signer];
        uint64 unlockAt = a.unlockAt;
        if (unlockAt == 0) revert NothingWarned();
        if (block.timestamp < unlockAt) revert WithdrawalLocked(unlockAt);

        uint128 held = a.balance;
        uint128 balance = a.warnedBalance < held ? a.warnedBalance : held;
        uint128 escrowHeld = a.escrow;
        uint128 escrow = a.warnedEscrow < escrowHeld ? a.warnedEscrow : escrowHeld;
        unchecked {
            // balance <= held and escrow <= escrowHeld by the min above
            a.balance = held - balance;
            a.escrow = escrowHeld - escrow;
        }
        a.warnedBalance = 0;
        a.warnedEscrow = 0;
        a.unlockAt = 0;
        emit Withdrawn(token, msg.sender, signer, to, balance, escrow);

        _send(token, to, uint256(balance) + escrow);
    }

    /// @inheritdoc ILottery
    function account(address token, address funder, address signer)
        external
        view
        returns (uint128 balance, uint128 escrow, uint128 warnedBalance, uint128 warnedEscrow, uint64 unlockAt)
    {
        Account storage a = _accounts[token][funder][signer];
        return (a.balance, a.escrow, a.warnedBalance, a.warnedEscrow, a.unlockAt);
    }

    /// @inheritdoc ILottery
    function burned(address token) external view returns (uint256) {
        return _burned[token];
    }

    // ------------------------------------------------------------------------------------------------------------
    // Tickets
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ILottery
    function claim(Claim[] calldata claims) external nonReentrant {
        bytes32 domain = _domainSeparatorV4();
        // The caller's replay records: one mapping lookup per batch instead of one per ticket.
        mapping(address => uint256) storage replay = _replay[msg.sender];
        uint256 n = claims.length;

        // The open run of paying tickets with one token. Closed runs (only when the token changes) wait in
        // `closed` as pairs (uint160(token) | tickets << 160, amount) until every ticket has been processed.
        address runToken;
        uint256 runAmount;
        uint256 runTickets;
        uint256[] memory closed;
        uint256 closedCount;

        for (uint256 i; i < n;) {
            (bool paid, address token, uint256 amount) = _settle(claims[i], domain, replay);
            if (paid) {
                if (token != runToken && runTickets != 0) {
                    if (closedCount == 0) closed = new uint256[](2 * n);
                    // runTickets <= n < 2^96 (calldata length) and closedCount < n: no overflow.
                    unchecked {
                        closed[2 * closedCount] = uint256(uint160(runToken)) | (runTickets << 160);
                        closed[2 * closedCount + 1] = runAmount;
                        ++closedCount;
                    }
                    runAmount = 0;
                    runTickets = 0;
                }
                runToken = token;
                // amount <= uint128 per ticket and at most 2^64 tickets fit in any calldata: no overflow.
                unchecked {
                    runAmount += amount;
                    ++runTickets;
                }
            }
            unchecked {
                ++i;
            }
        }

        // Interactions last: every ticket's effects are in storage before any token moves.
        for (uint256 k; k < closedCount;) {
            uint256 head = closed[2 * k];
            _payRun(address(uint160(head)), closed[2 * k + 1], head >> 160);
            unchecked {
                ++k;
            }
        }
        if (runTickets != 0) _payRun(runToken, runAmount, runTickets);
    }

    /// @dev Applies the rules of docs/protocol.md §1.4 to one ticket, in order. Emits `TicketSkipped` for a skipped
    ///      ticket; for a paying one debits the account and advances the replay record, and returns what to pay.
    function _settle(Claim calldata c, bytes32 domain, mapping(address => uint256) storage replay)
        private
        returns (bool paid, address token, uint256 amount)
    {
        uint256 p0 = c.packed0;
        address signer = c.packed3.signer();
        uint256 record = replay[signer];
        uint256 why = LotteryTickets.screen(c, msg.sender, domain, uint64(record));
        if (why == LotteryTickets.PASS) {
            (why, token, amount) = _debit(c, signer);
        }
        if (why != LotteryTickets.PASS) {
            emit TicketSkipped(signer, p0.nonce(), uint8(why));
            return (false, token, 0);
        }
        // Replay record: highNonce = nonce, maxExpiry = max(maxExpiry, expiry).
        uint64 exp = p0.expiry();
        uint64 maxExpiry = uint64(record >> 64);
        if (exp > maxExpiry) maxExpiry = exp;
        replay[signer] = (uint256(maxExpiry) << 64) | p0.nonce();
        return (true, token, amount);
    }

    /// @dev Steps 5-6 of §1.4: pays min(faceValue, balance); an overdraft empties the balance and burns the escrow.
    function _debit(Claim calldata c, address signer) private returns (uint256 why, address token, uint256 amount) {
        uint256 p1 = c.packed1;
        token = p1.token();
        address funder = c.packed2.funder();
        Account storage a = _accounts[token][funder][signer];
        // Slot 0 of an Account packs balance (low 128 bits) and escrow (high 128 bits): read and write it whole.
        uint256 word;
        assembly ("memory-safe") {
            word := sload(a.slot)
        }
        if (word == 0) return (LotteryTickets.UNFUNDED, token, 0);
        uint256 balance = uint128(word);
        // Widened to uint256 on purpose: the conversion clears the token bits that share packed1 with the face
        // value, which a narrow type could still carry into the assembly below.
        uint256 face = p1.faceValue();
        if (face <= balance) {
            // face <= balance, so the high half (escrow) is untouched and nothing borrows across it
            assembly ("memory-safe") {
                sstore(a.slot, sub(word, face))
            }
            return (LotteryTickets.PASS, token, face);
        }
        // Overdraft: the recipient gets what is left, the whole escrow is burned.
        uint128 escrow = uint128(word >> 128);
        delete a.balance;
        delete a.escrow;
        _burned[token] += escrow;
        emit EscrowBurned(token, funder, signer, escrow);
        return (LotteryTickets.PASS, token, balance);
    }

    /// @dev Emits `Claimed` for a run and sends its total to the recipient (`msg.sender`).
    function _payRun(address token, uint256 amount, uint256 tickets) private {
        emit Claimed(msg.sender, token, amount, tickets);
        if (amount != 0) _send(token, msg.sender, amount);
    }

    /// @dev Sends `amount` of `token` (address(0): the native coin) from this contract.
    function _send(address token, address to, uint256 amount) private {
        if (amount == 0) return;
        if (token == address(0)) {
            (bool ok,) = to.call{value: amount}("");
            if (!ok) revert NativeTransferFailed();
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }

    /// @inheritdoc ILottery
    function ticketDigest(address recipient, Claim calldata ticket) external view returns (bytes32) {
        return LotteryTickets.digest(_domainSeparatorV4(), LotteryTickets.structHash(ticket, recipient));
    }

    /// @inheritdoc ILottery
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Replay records
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ILottery
    function replayRecord(address recipient, address signer)
        external
        view
        returns (uint64 highNonce, uint64 maxExpiry)
    {
        uint256 record = _replay[recipient][signer];
        return (uint64(record), uint64(record >> 64));
    }

    /// @inheritdoc ILottery
    function sweep(address[] calldata signers) external {
        for (uint256 i; i < signers.length;) {
            address signer = signers[i];
            uint256 record = _replay[msg.sender][signer];
            uint64 maxExpiry = uint64(record >> 64);
            // A ticket is claimable only while block.timestamp < expiry, so maxExpiry <= now means every ticket the
            // record protects has expired.
            if (record != 0 && maxExpiry <= block.timestamp) {
                delete _replay[msg.sender][signer];
                emit Swept(msg.sender, signer, uint64(record), maxExpiry);
            }
            unchecked {
                ++i;
            }
        }
    }
}
