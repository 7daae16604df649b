// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ILottery} from "../../src/ILottery.sol";

/// @notice An ERC-20 that keeps 1% of every transfer: the Lottery and Directory must refuse it.
contract FeeOnTransferToken is ERC20 {
    constructor() ERC20("Fee Token", "FEE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = value / 100;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}

/// @notice A recipient that refuses the native coin.
contract RejectingReceiver {
    function claim(ILottery lottery, ILottery.Claim[] calldata claims) external {
        lottery.claim(claims);
    }

    receive() external payable {
        revert("no thanks");
    }
}

/// @notice A recipient that tries to re-enter the lottery when paid in the native coin.
contract ReentrantReceiver {
    ILottery public lottery;
    bool public reentered;
    bytes public reentryError;

    function claim(ILottery lottery_, ILottery.Claim[] calldata claims) external {
        lottery = lottery_;
        lottery_.claim(claims);
    }

    receive() external payable {
        ILottery.Claim[] memory none = new ILottery.Claim[](0);
        try lottery.claim(none) {
            reentered = true;
        } catch (bytes memory err) {
            reentryError = err;
        }
    }
}
