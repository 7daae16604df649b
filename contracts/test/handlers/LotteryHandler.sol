// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TestBase} from "../utils/TestBase.sol";
import {Ticket, TicketSigning} from "../utils/LotteryTestBase.sol";
import {ILottery} from "../../src/ILottery.sol";
import {Lottery} from "../../src/Lottery.sol";
import {TestToken} from "../../src/TestToken.sol";

/// @notice Drives the Lottery with random funds, warnings, withdrawals, ticket claims (in and out of nonce order,
///         replays, forgeries, claims by the wrong recipient), sweeps and time jumps, and keeps an independent model of
///         docs/protocol.md §1 to compare against. Differences are counted, never reverted on, so the invariant
///         functions can report them.
contract LotteryHandler is TestBase {
    using TicketSigning for Ticket;

    struct ModelAccount {
        uint256 balance;
        uint256 escrow;
        uint256 warnedBalance;
        uint256 warnedEscrow;
        uint256 unlockAt;
    }

    struct Issued {
        Ticket ticket;
        uint256 keyIndex; // signer key index
        bool forged; // signed by the wrong key
    }

    uint64 public constant DELAY = 1 days;
    uint256 internal constant MAX_POOL = 128;
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    Lottery public immutable lottery;
    TestToken public immutable token;

    address[2] public funders = [address(0xF001), address(0xF002)];
    uint256[2] internal keys = [uint256(0x5157), uint256(0x5158)];
    address[2] public signers;
    address[2] public recipients = [address(0xBEE1), address(0xBEE2)];
    address[2] public tokens;

    // ---- model ----
    mapping(address => mapping(address => mapping(address => ModelAccount))) internal _model;
    mapping(address => mapping(address => uint256)) public modelHighNonce;
    mapping(address => mapping(address => uint256)) public modelMaxExpiry;
    mapping(address => uint256) public modelBurned;
    mapping(bytes32 => uint256) public timesPaid; // by ticket digest

    Issued[] internal _pool;
    uint64[2] internal _nextNonce;

    // ---- findings ----
    uint256 public doublePays; // the model paid a ticket twice: the protocol itself would be unsound
    uint256 public mismatches; // the contract differs from the model
    uint256 public overpaidClaims; // the contract paid more than the model for a batch
    string public firstMismatch;

    // ---- statistics ----
    uint256 public ticketsPaid;
    uint256 public ticketsSkipped;
    mapping(uint256 reason => uint256) public skippedFor;
    uint256 public overdrafts;
    uint256 public withdrawals;
    uint256 public sweeps;

    constructor(Lottery lottery_, TestToken token_) {
        lottery = lottery_;
        token = token_;
        signers[0] = vm.addr(keys[0]);
        signers[1] = vm.addr(keys[1]);
        tokens[0] = address(0);
        tokens[1] = address(token_);
        for (uint256 i; i < 2; ++i) {
            vm.prank(funders[i]);
            token_.approve(address(lottery_), type(uint256).max);
        }
    }

    /// @dev Gives every account a starting balance so that most tickets meet a funded account.
    function seedAccounts() external {
        for (uint256 i; i < 8; ++i) {
            this.fund(i, uint128(5 ether + i), uint128(1 ether));
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Actions
    // ------------------------------------------------------------------------------------------------------------

    function fund(uint256 seed, uint128 balance, uint128 escrow) external {
        seed = _mix(seed);
        (address tok, address funder, address signer) = _pickAccount(seed);
        balance = uint128(bound(balance, 0, 50 ether));
        escrow = uint128(bound(escrow, 0, 10 ether));
        if (balance == 0 && escrow == 0) balance = 1;
        uint256 total = uint256(balance) + escrow;
        if (tok == address(0)) {
            vm.deal(funder, total);
            vm.prank(funder);
            lottery.fund{value: total}(tok, signer, balance, escrow);
        } else {
            token.mint(funder, total);
            vm.prank(funder);
            lottery.fund(tok, signer, balance, escrow);
        }
        ModelAccount storage m = _model[tok][funder][signer];
        m.balance += balance;
        m.escrow += escrow;
    }

    function warn(uint256 seed, uint128 balance, uint128 escrow) external {
        seed = _mix(seed);
        (address tok, address funder, address signer) = _pickAccount(seed);
        balance = uint128(bound(balance, 0, 60 ether));
        escrow = uint128(bound(escrow, 0, 12 ether));
        if (seed % 11 == 0) (balance, escrow) = (0, 0); // sometimes cancel
        vm.prank(funder);
        lottery.warn(tok, signer, balance, escrow);
        ModelAccount storage m = _model[tok][funder][signer];
        m.warnedBalance = balance;
        m.warnedEscrow = escrow;
        m.unlockAt = (balance == 0 && escrow == 0) ? 0 : block.timestamp + DELAY;
    }

    function withdraw(uint256 seed, uint256 wait) external {
        seed = _mix(seed);
        (address tok, address funder, address signer) = _pickAccount(seed);
        ModelAccount storage m = _model[tok][funder][signer];
        // usually wait for the unlock (or one second short of it), sometimes try right away
        if (m.unlockAt > block.timestamp && wait % 4 != 0) vm.warp(wait % 4 == 1 ? m.unlockAt - 1 : m.unlockAt);
        address to = address(uint160(0xD0000 + (seed % 3)));
        uint256 before = _held(tok, to);
        vm.prank(funder);
        try lottery.withdraw(tok, signer, payable(to)) {
            if (m.unlockAt == 0 || block.timestamp < m.unlockAt) return _mismatch("withdraw succeeded while locked");
            uint256 b = m.warnedBalance < m.balance ? m.warnedBalance : m.balance;
            uint256 e = m.warnedEscrow < m.escrow ? m.warnedEscrow : m.escrow;
            m.balance -= b;
            m.escrow -= e;
            m.warnedBalance = 0;
            m.warnedEscrow = 0;
            m.unlockAt = 0;
            if (_held(tok, to) - before != b + e) _mismatch("withdrawn amount");
            ++withdrawals;
        } catch {
            if (m.unlockAt != 0 && block.timestamp >= m.unlockAt) _mismatch("withdraw reverted while unlocked");
        }
    }

    /// @dev Issues three tickets (random recipient, signer, account, odds, expiry; some forged).
    function issue(uint256 seed, uint96 face, uint32 ttl) external {
        seed = _mix(seed);
        for (uint256 j; j < 3; ++j) {
            _issueOne(uint256(keccak256(abi.encode(seed, j))), face, ttl);
        }
    }

    function _issueOne(uint256 seed, uint96 face, uint32 ttl) internal {
        uint256 k = seed % 2;
        Ticket memory t;
        t.recipient = recipients[(seed >> 8) % 2];
        t.reveal = keccak256(abi.encode(seed, _pool.length, "reveal"));
        t.issued = uint64(block.timestamp);
        t.nonce = ++_nextNonce[k];
        t.faceValue = uint96(bound(face, 0, 3 ether));
        uint256 kind = (seed >> 16) % 10; // 10% never win, 20% win half the time, 70% (almost) always win
        t.winProb = kind == 0 ? 0 : kind < 3 ? uint64(1) << 63 : type(uint64).max;
        t.expiry = uint64(block.timestamp + bound(ttl, 10 minutes, 2 days));
        t.token = tokens[(seed >> 24) % 2];
        t.funder = funders[(seed >> 32) % 2];
        t.data = uint96(seed);
        bool forged = (seed >> 40) % 9 == 0;
        if (_pool.length == MAX_POOL) _pool[seed % MAX_POOL] = Issued(t, k, forged);
        else _pool.push(Issued(t, k, forged));
    }

    function claim(uint256 seed, uint8 count) external {
        seed = _mix(seed);
        if (_pool.length == 0) return;
        address claimer = recipients[seed % 2];
        count = uint8(1 + (seed ^ count) % 6);
        uint256[] memory live = _liveFor(claimer);
        // Mostly a well-behaved provider claiming distinct live tickets of its own; otherwise anything from the
        // pool with repeats, including other providers' tickets, replays and expired ones.
        bool honest = (seed >> 64) % 4 != 0 && live.length != 0;
        if (honest && live.length < count) count = uint8(live.length);
        ILottery.Claim[] memory cs = new ILottery.Claim[](count);
        Issued[] memory picked = new Issued[](count);
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            // an honest provider claims its oldest live tickets first (the pool is in issue order)
            picked[i] = honest ? _pool[live[i]] : _pool[r % _pool.length];
        }
        if (honest || (seed >> 128) % 2 == 0) _sortByNonce(picked); // in nonce order, as providers must
        for (uint256 i; i < count; ++i) {
            cs[i] = _signClaim(picked[i]);
        }

        uint256 nativeBefore = claimer.balance;
        uint256 tokenBefore = token.balanceOf(claimer);
        uint256 expectNative;
        uint256 expectToken;
        for (uint256 i; i < count; ++i) {
            uint256 paid = _modelClaim(claimer, picked[i]);
            if (picked[i].ticket.token == address(0)) expectNative += paid;
            else expectToken += paid;
        }
        vm.prank(claimer);
        lottery.claim(cs);
        uint256 gotNative = claimer.balance - nativeBefore;
        uint256 gotToken = token.balanceOf(claimer) - tokenBefore;
        // Paying more than the model (which pays every ticket at most once) means a ticket paid twice or paid
        // when it must not.
        if (gotNative > expectNative || gotToken > expectToken) ++overpaidClaims;
        if (gotNative != expectNative) _mismatch("native paid to recipient");
        if (gotToken != expectToken) _mismatch("token paid to recipient");
        for (uint256 s; s < 2; ++s) {
            (uint64 high, uint64 maxExp) = lottery.replayRecord(claimer, signers[s]);
            if (high != modelHighNonce[claimer][signers[s]]) _mismatch("highNonce");
            if (maxExp != modelMaxExpiry[claimer][signers[s]]) _mismatch("maxExpiry");
        }
    }

    function sweep(uint256 seed) external {
        seed = _mix(seed);
        address recipient = recipients[seed % 2];
        address[] memory list = new address[](2);
        list[0] = signers[0];
        list[1] = signers[1];
        vm.prank(recipient);
        lottery.sweep(list);
        for (uint256 s; s < 2; ++s) {
            address signer = signers[s];
            if (modelHighNonce[recipient][signer] != 0 && modelMaxExpiry[recipient][signer] <= block.timestamp) {
                modelHighNonce[recipient][signer] = 0;
                modelMaxExpiry[recipient][signer] = 0;
                ++sweeps;
            }
        }
    }

    function warp(uint32 dt) external {
        vm.warp(block.timestamp + bound(dt, 1, 6 hours));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Model
    // ------------------------------------------------------------------------------------------------------------

    /// @dev docs/protocol.md §1.4 for one ticket claimed by `claimer`; returns what it pays.
    function _modelClaim(address claimer, Issued memory it) internal returns (uint256) {
        Ticket memory t = it.ticket;
        address signer = signers[it.keyIndex];
        if (t.expiry <= block.timestamp) return _skipped(1);
        if (t.nonce <= modelHighNonce[claimer][signer]) return _skipped(2);
        // the contract hashes the ticket with recipient = msg.sender
        Ticket memory asClaimed = _copy(t);
        asClaimed.recipient = claimer;
        if (!asClaimed.wins(address(lottery), block.chainid)) return _skipped(3);
        if (it.forged || claimer != t.recipient) return _skipped(4);
        ModelAccount storage m = _model[t.token][t.funder][signer];
        if (m.balance == 0 && m.escrow == 0) return _skipped(5);
        uint256 paid;
        if (t.faceValue <= m.balance) {
            paid = t.faceValue;
            m.balance -= paid;
        } else {
            paid = m.balance;
            modelBurned[t.token] += m.escrow;
            m.balance = 0;
            m.escrow = 0;
            ++overdrafts;
        }
        modelHighNonce[claimer][signer] = t.nonce;
        if (t.expiry > modelMaxExpiry[claimer][signer]) modelMaxExpiry[claimer][signer] = t.expiry;
        bytes32 id = t.digest(address(lottery), block.chainid);
        if (++timesPaid[id] > 1) ++doublePays;
        ++ticketsPaid;
        return paid;
    }

    function _skipped(uint256 reason) internal returns (uint256) {
        ++ticketsSkipped;
        ++skippedFor[reason];
        return 0;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------------------------

    /// @dev The fuzzer favours small and repeated values; hashing spreads every bit of the choice.
    function _mix(uint256 seed) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, "mix")));
    }

    function _pickAccount(uint256 seed) internal view returns (address tok, address funder, address signer) {
        tok = tokens[seed % 2];
        funder = funders[(seed >> 1) % 2];
        signer = signers[(seed >> 2) % 2];
    }

    /// @dev Pool indexes of the tickets `claimer` could still be paid for (its own, live, nonce above its record).
    function _liveFor(address claimer) internal view returns (uint256[] memory idx) {
        idx = new uint256[](_pool.length);
        uint256 n;
        for (uint256 i; i < _pool.length; ++i) {
            Ticket storage t = _pool[i].ticket;
            if (
                t.recipient == claimer && t.expiry > block.timestamp
                    && t.nonce > modelHighNonce[claimer][signers[_pool[i].keyIndex]]
            ) idx[n++] = i;
        }
        assembly ("memory-safe") {
            mstore(idx, n)
        }
    }

    function _signClaim(Issued memory it) internal view returns (ILottery.Claim memory c) {
        uint256 key = it.forged ? keys[1 - it.keyIndex] : keys[it.keyIndex];
        c = it.ticket.sign(key, address(lottery), block.chainid);
        c.packed3 = uint256(uint160(signers[it.keyIndex])) << 96; // claims to be from the real signer
    }

    function _sortByNonce(Issued[] memory a) internal pure {
        for (uint256 i = 1; i < a.length; ++i) {
            Issued memory x = a[i];
            uint256 j = i;
            while (j > 0 && a[j - 1].ticket.nonce > x.ticket.nonce) {
                a[j] = a[j - 1];
                --j;
            }
            a[j] = x;
        }
    }

    function _copy(Ticket memory t) internal pure returns (Ticket memory c) {
        c = Ticket(
            t.recipient, t.reveal, t.issued, t.nonce, t.faceValue, t.winProb, t.expiry, t.token, t.funder, t.data
        );
    }

    function _held(address tok, address who) internal view returns (uint256) {
        return tok == address(0) ? who.balance : token.balanceOf(who);
    }

    function _mismatch(string memory what) internal {
        if (mismatches == 0) firstMismatch = what;
        ++mismatches;
    }

    // ---- model reads for the invariants ----

    function modelAccount(address tok, address funder, address signer)
        external
        view
        returns (uint256 balance, uint256 escrow, uint256 warnedBalance, uint256 warnedEscrow, uint256 unlockAt)
    {
        ModelAccount storage m = _model[tok][funder][signer];
        return (m.balance, m.escrow, m.warnedBalance, m.warnedEscrow, m.unlockAt);
    }

    function signerAt(uint256 i) external view returns (address) {
        return signers[i];
    }
}
