// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IDirectory} from "./IDirectory.sol";

/// @title DvpnClient provider directory with stake-weighted random choice
/// @notice Implements docs/protocol.md §2.
/// @dev Registered providers live in an array; a Fenwick (binary indexed) tree over that array holds each
///      position's weight (its stake when listed, else 0), so `pick` descends it in O(log n) and every weight change
///      costs O(log n). Deregistering moves the last provider into the freed position (swap-and-pop).
contract Directory is IDirectory, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    struct Provider {
        string endpoint;
        bytes32 tlsFingerprint;
        bytes32 wgPublicKey;
        uint256 pricePerGiB;
        string region;
        bytes metadata;
        /// 1-based position in `_list`; 0 when not registered.
        uint256 position;
        /// The weight this provider currently has in the Fenwick tree.
        uint256 weight;
    }

    struct Pending {
        uint256 amount;
        uint64 unlockAt;
    }

    uint256 private constant MAX_ENDPOINT = 256;
    uint256 private constant MAX_REGION = 16;
    uint256 private constant MAX_METADATA = 1024;

    /// @inheritdoc IDirectory
    IERC20 public immutable override stakeToken;
    /// @inheritdoc IDirectory
    uint256 public immutable override minStake;
    /// @inheritdoc IDirectory
    uint64 public immutable override unstakeDelay;

    mapping(address provider => Provider) private _providers;
    address[] private _list;
    /// Fenwick tree, 1-based: node i holds the sum of the weights at positions (i - lowbit(i), i].
    mapping(uint256 node => uint256) private _tree;
    uint256 private _totalListed;

    mapping(address provider => uint256) private _stake;
    mapping(address provider => mapping(address staker => uint256)) private _stakeBy;
    mapping(address provider => mapping(address staker => Pending)) private _pending;

    /// @param stakeToken_   The ERC-20 that stakes are made in.
    /// @param minStake_     Stake a registered provider needs to be listed.
    /// @param unstakeDelay_ Seconds a requested unstake stays locked.
    constructor(IERC20 stakeToken_, uint256 minStake_, uint64 unstakeDelay_) {
        if (address(stakeToken_) == address(0)) revert ZeroAddress();
        stakeToken = stakeToken_;
        minStake = minStake_;
        unstakeDelay = unstakeDelay_;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Registration
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDirectory
    function register(
        string calldata endpoint,
        bytes32 tlsFingerprint,
        bytes32 wgPublicKey,
        uint256 pricePerGiB,
        string calldata region,
        bytes calldata metadata
    ) external {
        Provider storage p = _providers[msg.sender];
        if (p.position != 0) revert AlreadyRegistered();
        _setFields(p, endpoint, tlsFingerprint, wgPublicKey, pricePerGiB, region, metadata);

        _list.push(msg.sender);
        uint256 n = _list.length;
        p.position = n;
        uint256 w = _weightFor(msg.sender);
        p.weight = w;
        // Node n covers positions (n - lowbit(n), n]: the new weight plus the weights already at positions
        // n - lowbit(n) + 1 .. n - 1. prefix(n - 1) >= prefix(n - lowbit(n)), so the subtraction cannot underflow.
        _tree[n] = w + _prefix(n - 1) - _prefix(n - _lowbit(n));
        _totalListed += w;
        emit Registered(msg.sender);
    }

    /// @inheritdoc IDirectory
    function update(
        string calldata endpoint,
        bytes32 tlsFingerprint,
        bytes32 wgPublicKey,
        uint256 pricePerGiB,
        string calldata region,
        bytes calldata metadata
    ) external {
        Provider storage p = _providers[msg.sender];
        if (p.position == 0) revert NotRegistered();
        _setFields(p, endpoint, tlsFingerprint, wgPublicKey, pricePerGiB, region, metadata);
        emit Updated(msg.sender);
    }

    /// @inheritdoc IDirectory
    function deregister() external {
        Provider storage p = _providers[msg.sender];
        uint256 k = p.position;
        if (k == 0) revert NotRegistered();
        uint256 n = _list.length;
        uint256 wk = p.weight;

        // Drop position n: only node n covers it, and no other node refers to node n.
        address last = _list[n - 1];
        _list.pop();
        delete _tree[n];
        if (k != n) {
            // Move the last provider into position k: the weight at k changes from wk to wn.
            Provider storage moved = _providers[last];
            uint256 wn = moved.weight;
            _list[k - 1] = last;
            moved.position = k;
            if (wn > wk) _treeAdd(k, n - 1, wn - wk);
            else if (wk > wn) _treeSub(k, n - 1, wk - wn);
        }
        _totalListed -= wk;
        delete _providers[msg.sender];
        emit Deregistered(msg.sender);
    }

    function _setFields(
        Provider storage p,
        string calldata endpoint,
        bytes32 tlsFingerprint,
        bytes32 wgPublicKey,
        uint256 pricePerGiB,
        string calldata region,
        bytes calldata metadata
    ) private {
        uint256 len = bytes(endpoint).length;
        if (len == 0 || len > MAX_ENDPOINT) revert InvalidEndpointLength(len);
        if (bytes(region).length > MAX_REGION) revert RegionTooLong(bytes(region).length);
        if (metadata.length > MAX_METADATA) revert MetadataTooLong(metadata.length);
        if (wgPublicKey == bytes32(0)) revert ZeroWireGuardKey();
        p.endpoint = endpoint;
        p.tlsFingerprint = tlsFingerprint;
        p.wgPublicKey = wgPublicKey;
        p.pricePerGiB = pricePerGiB;
        p.region = region;
        p.metadata = metadata;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Staking
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDirectory
    function stake(address provider, uint256 amount) external nonReentrant {
        if (provider == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        // Pull first so that only what arrived is credited; nonReentrant guards the window.
        uint256 before = stakeToken.balanceOf(address(this));
        stakeToken.safeTransferFrom(msg.sender, address(this), amount);
        uint256 delivered = stakeToken.balanceOf(address(this)) - before;
        if (delivered != amount) revert DeliveredAmountMismatch(amount, delivered);

        _stakeBy[provider][msg.sender] += amount;
        _stake[provider] += amount;
        _refreshWeight(provider);
        emit Staked(provider, msg.sender, amount);
    }

    /// @inheritdoc IDirectory
    function requestUnstake(address provider, uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        uint256 available = _stakeBy[provider][msg.sender];
        if (amount > available) revert InsufficientStake(available);
        unchecked {
            // amount <= available <= _stake[provider]
            _stakeBy[provider][msg.sender] = available - amount;
            _stake[provider] -= amount;
        }
        Pending storage pending = _pending[provider][msg.sender];
        uint64 unlockAt = uint64(block.timestamp) + unstakeDelay;
        pending.amount += amount;
        pending.unlockAt = unlockAt;
        _refreshWeight(provider);
        emit UnstakeRequested(provider, msg.sender, amount, unlockAt);
    }

    /// @inheritdoc IDirectory
    function withdrawUnstaked(address provider) external nonReentrant {
        Pending storage pending = _pending[provider][msg.sender];
        uint256 amount = pending.amount;
        if (amount == 0) revert NothingPending();
        uint64 unlockAt = pending.unlockAt;
        if (block.timestamp < unlockAt) revert UnstakeLocked(unlockAt);
        delete _pending[provider][msg.sender];
        emit Unstaked(provider, msg.sender, amount);
        stakeToken.safeTransfer(msg.sender, amount);
    }

    /// @dev Brings the provider's tree weight in line with its registration and stake.
    function _refreshWeight(address provider) private {
        Provider storage p = _providers[provider];
        uint256 k = p.position;
        if (k == 0) return; // not registered: no weight anywhere
        uint256 oldW = p.weight;
        uint256 newW = _weightFor(provider);
        if (newW == oldW) return;
        p.weight = newW;
        uint256 n = _list.length;
        if (newW > oldW) {
            _treeAdd(k, n, newW - oldW);
            _totalListed += newW - oldW;
        } else {
            _treeSub(k, n, oldW - newW);
            _totalListed -= oldW - newW;
        }
    }

    /// @dev The weight of a registered provider: its stake when listed (stake >= minStake), else 0.
    function _weightFor(address provider) private view returns (uint256) {
        uint256 s = _stake[provider];
        return s >= minStake ? s : 0;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Fenwick tree
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Lowest set bit of i (i & -i).
    function _lowbit(uint256 i) internal pure returns (uint256) {
        unchecked {
            return i & (~i + 1);
        }
    }

    /// @dev Adds `delta` to the weight at position i of a tree of n positions.
    function _treeAdd(uint256 i, uint256 n, uint256 delta) private {
        while (i <= n) {
            _tree[i] += delta;
            // i <= n <= array length: adding its lowbit cannot overflow
            unchecked {
                i += _lowbit(i);
            }
        }
    }

    /// @dev Subtracts `delta` from the weight at position i of a tree of n positions.
    function _treeSub(uint256 i, uint256 n, uint256 delta) private {
        while (i <= n) {
            _tree[i] -= delta;
            unchecked {
                i += _lowbit(i);
            }
        }
    }

    /// @dev Sum of the weights at positions 1..i.
    function _prefix(uint256 i) internal view returns (uint256 sum) {
        while (i != 0) {
            sum += _tree[i];
            unchecked {
                i &= i - 1; // clear the lowest set bit; i != 0
            }
        }
    }

    /// @inheritdoc IDirectory
    function pick(uint256 seed) external view returns (address) {
        uint256 total = _totalListed;
        if (total == 0) revert NoListedProviders();
        uint256 target = seed % total;
        uint256 n = _list.length;
        // Descend: find the largest pos with prefix(pos) <= target; position pos + 1 holds the target.
        uint256 pos;
        for (uint256 step = 2 ** Math.log2(n); step != 0; step >>= 1) {
            uint256 next = pos + step;
            if (next <= n) {
                uint256 w = _tree[next];
                if (w <= target) {
                    pos = next;
                    target -= w;
                }
            }
        }
        // prefix(pos) <= seed % total < total = prefix(n), so pos < n and position pos + 1 has a non-zero weight.
        return _list[pos];
    }

    // ------------------------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDirectory
    function stakeOf(address provider) external view returns (uint256) {
        return _stake[provider];
    }

    /// @inheritdoc IDirectory
    function stakeBy(address provider, address staker) external view returns (uint256) {
        return _stakeBy[provider][staker];
    }

    /// @inheritdoc IDirectory
    function pendingUnstake(address provider, address staker) external view returns (uint256 amount, uint64 unlockAt) {
        Pending storage p = _pending[provider][staker];
        return (p.amount, p.unlockAt);
    }

    /// @inheritdoc IDirectory
    function isListed(address provider) public view returns (bool) {
        return _providers[provider].position != 0 && _stake[provider] >= minStake;
    }

    /// @inheritdoc IDirectory
    function isRegistered(address provider) external view returns (bool) {
        return _providers[provider].position != 0;
    }

    /// @inheritdoc IDirectory
    function totalListedStake() external view returns (uint256) {
        return _totalListed;
    }

    /// @inheritdoc IDirectory
    function providerCount() external view returns (uint256) {
        return _list.length;
    }

    /// @inheritdoc IDirectory
    function providersPage(uint256 offset, uint256 limit) external view returns (ProviderView[] memory page) {
        uint256 n = _list.length;
        if (offset >= n) return new ProviderView[](0);
        uint256 count = n - offset;
        if (limit < count) count = limit;
        page = new ProviderView[](count);
        for (uint256 i; i < count; ++i) {
            page[i] = _view(_list[offset + i]);
        }
    }

    /// @inheritdoc IDirectory
    function getProvider(address provider) external view returns (ProviderView memory) {
        return _view(provider);
    }

    function _view(address provider) private view returns (ProviderView memory v) {
        Provider storage p = _providers[provider];
        v.provider = provider;
        v.endpoint = p.endpoint;
        v.tlsFingerprint = p.tlsFingerprint;
        v.wgPublicKey = p.wgPublicKey;
        v.pricePerGiB = p.pricePerGiB;
        v.region = p.region;
        v.metadata = p.metadata;
        v.stake = _stake[provider];
        v.listed = isListed(provider);
    }
}
