// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title DvpnClient provider directory
/// @notice Providers register their endpoint and keys; anyone stakes on them; clients pick a provider with
///         probability proportional to its stake. docs/protocol.md §2 is the binding specification.
interface IDirectory {
    /// @notice Everything the directory knows about a provider, as `providersPage` and `getProvider` return it.
    /// @dev The chain does not validate that `endpoint`, `region` or `metadata` are well-formed: clients must parse
    ///      them defensively and skip malformed entries.
    struct ProviderView {
        address provider;
        string endpoint;
        bytes32 tlsFingerprint;
        bytes32 wgPublicKey;
        uint256 pricePerGiB;
        string region;
        bytes metadata;
        uint256 stake;
        bool listed;
    }

    /// @notice `provider` registered itself.
    event Registered(address indexed provider);
    /// @notice `provider` changed its registration fields.
    event Updated(address indexed provider);
    /// @notice `provider` removed itself; stake on it stays and can still be unstaked.
    event Deregistered(address indexed provider);
    /// @notice `staker` added `amount` to the stake on `provider`.
    event Staked(address indexed provider, address indexed staker, uint256 amount);
    /// @notice `staker` took `amount` off `provider`; it can be withdrawn from `unlockAt` on.
    event UnstakeRequested(address indexed provider, address indexed staker, uint256 amount, uint64 unlockAt);
    /// @notice `staker` withdrew `amount` of unstaked tokens that were on `provider`.
    event Unstaked(address indexed provider, address indexed staker, uint256 amount);

    /// @notice `register` by a provider that is already registered.
    error AlreadyRegistered();
    /// @notice `update` or `deregister` by an address that is not registered.
    error NotRegistered();
    /// @notice The endpoint must be 1..256 bytes long.
    error InvalidEndpointLength(uint256 length);
    /// @notice The region must be at most 16 bytes long.
    error RegionTooLong(uint256 length);
    /// @notice The metadata must be at most 1024 bytes long.
    error MetadataTooLong(uint256 length);
    /// @notice The WireGuard public key must not be zero.
    error ZeroWireGuardKey();
    /// @notice A stake or unstake of zero.
    error ZeroAmount();
    /// @notice Staking on address(0).
    error ZeroAddress();
    /// @notice `requestUnstake` of more than the caller's stake on the provider, `available`.
    error InsufficientStake(uint256 available);
    /// @notice `withdrawUnstaked` with nothing pending.
    error NothingPending();
    /// @notice `withdrawUnstaked` before the pending amount unlocks.
    error UnstakeLocked(uint64 unlockAt);
    /// @notice `pick` while no stake is listed.
    error NoListedProviders();
    /// @notice The staking token delivered `delivered` instead of `expected`.
    error DeliveredAmountMismatch(uint256 expected, uint256 delivered);

    /// @notice Registers the caller as a provider.
    /// @param endpoint       Where clients connect, 1..256 bytes (e.g. "host:port"); not validated on chain.
    /// @param tlsFingerprint SHA-256 of the provider's TLS certificate, pinned by clients.
    /// @param wgPublicKey    The provider's WireGuard public key; must not be zero.
    /// @param pricePerGiB    Price per GiB (2^30 bytes) in the payment token's smallest unit.
    /// @param region         A short region code, at most 16 bytes; not validated on chain.
    /// @param metadata       Free-form provider data, at most 1024 bytes.
    function register(
        string calldata endpoint,
        bytes32 tlsFingerprint,
        bytes32 wgPublicKey,
        uint256 pricePerGiB,
        string calldata region,
        bytes calldata metadata
    ) external;

    /// @notice Replaces the caller's registration fields (same rules as `register`). Stake and listing are unchanged.
    function update(
        string calldata endpoint,
        bytes32 tlsFingerprint,
        bytes32 wgPublicKey,
        uint256 pricePerGiB,
        string calldata region,
        bytes calldata metadata
    ) external;

    /// @notice Removes the caller from the directory. Stake on it stays with its stakers (unstake as usual) and
    ///         counts again if it registers anew.
    function deregister() external;

    /// @notice Stakes `amount` of the staking token on `provider` (anyone may stake on anyone: delegation).
    /// @dev Pulls the tokens with `transferFrom` (approve first); a token that delivers a different amount is refused.
    function stake(address provider, uint256 amount) external;

    /// @notice Takes `amount` of the caller's stake off `provider` at once and locks it for `unstakeDelay`.
    /// @dev Adds to any amount already pending for (provider, caller) and restarts its clock.
    function requestUnstake(address provider, uint256 amount) external;

    /// @notice Pays the caller's unlocked pending unstake on `provider`.
    function withdrawUnstaked(address provider) external;

    /// @notice Total active stake on `provider` (pending unstakes excluded).
    function stakeOf(address provider) external view returns (uint256);

    /// @notice Active stake that `staker` has on `provider`.
    function stakeBy(address provider, address staker) external view returns (uint256);

    /// @notice The stake `staker` took off `provider` that waits for `unlockAt`.
    function pendingUnstake(address provider, address staker) external view returns (uint256 amount, uint64 unlockAt);

    /// @notice Whether `provider` is registered and has a stake of at least `minStake`.
    function isListed(address provider) external view returns (bool);

    /// @notice Whether `provider` is registered (listed or not).
    function isRegistered(address provider) external view returns (bool);

    /// @notice Sum of the stakes of all listed providers: the total weight `pick` draws from.
    function totalListedStake() external view returns (uint256);

    /// @notice The ERC-20 that stakes are made in, fixed at deployment.
    function stakeToken() external view returns (IERC20);

    /// @notice The stake a registered provider needs to be listed.
    function minStake() external view returns (uint256);

    /// @notice Seconds between `requestUnstake` and `withdrawUnstaked`.
    function unstakeDelay() external view returns (uint64);

    /// @notice Draws a listed provider with probability stake / totalListedStake, using `seed % totalListedStake`
    ///         as the point on the stake line. O(log n).
    /// @dev Reverts `NoListedProviders` when no stake is listed. The caller supplies a uniformly random seed.
    function pick(uint256 seed) external view returns (address);

    /// @notice Number of registered providers (listed or not).
    function providerCount() external view returns (uint256);

    /// @notice Registered providers at positions [offset, offset + limit), clamped to the end; empty past the end.
    /// @dev Positions change when a provider deregisters (the last one moves into its place).
    function providersPage(uint256 offset, uint256 limit) external view returns (ProviderView[] memory);

    /// @notice One provider's entry. For an address that is not registered, every field is empty except
    ///         `provider` and `stake` (and `listed` is false).
    function getProvider(address provider) external view returns (ProviderView memory);
}
