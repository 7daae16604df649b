// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title Dvpn Test Token (DVT)
/// @notice A plain 18-decimal ERC-20 for devnets and tests, used as the directory's staking token and as a lottery
///         payment token there.
/// @dev DEVNET ONLY: `mint` is open to everyone, so this token has no value. Never use it on a public network.
contract TestToken is ERC20 {
    constructor() ERC20("Dvpn Test Token", "DVT") {}

    /// @notice Creates `amount` new tokens for `to`. Anyone may call it: devnet only.
    /// @param to     Receiver of the new tokens.
    /// @param amount Amount in the smallest unit (18 decimals).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
