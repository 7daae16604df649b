// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Minimal console logging: forge decodes calls to this address and prints them with `-vv`.
library console {
    address internal constant CONSOLE_ADDRESS = 0x000000000000000000636F6e736F6c652e6c6f67;

    function log(string memory message) internal view {
        _send(abi.encodeWithSignature("log(string)", message));
    }

    function log(string memory message, uint256 value) internal view {
        _send(abi.encodeWithSignature("log(string,uint256)", message, value));
    }

    function log(string memory message, address value) internal view {
        _send(abi.encodeWithSignature("log(string,address)", message, value));
    }

    function _send(bytes memory payload) private view {
        // The console "contract" has no code; forge intercepts the call. The result is irrelevant.
        (bool ok,) = CONSOLE_ADDRESS.staticcall(payload);
        ok;
    }
}
