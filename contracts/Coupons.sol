// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity ^0.8.28;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {ERC1155Pausable} from "@openzeppelin/contracts/token/ERC1155/extensions/ERC1155Pausable.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Coupons
/// @notice Digital coupons that sponsors honour, given to donors and volunteers: one token
///         id per sponsor offer, each with a stock limit enforced here. Coupons are minted
///         in batches to the platform's custody address (the holder of each coupon is kept
///         off-chain until they claim it to a wallet of their own); redeeming one burns it.
/// @dev Every state-changing call carries an operation id that can be used once, so the
///      platform may resend a transaction after a crash or a timeout without minting,
///      moving or burning twice.
contract Coupons is ERC1155Pausable, AccessControl {
    /// @notice Role that defines offers and mints coupons (the platform's issuing worker).
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");
    /// @notice Role that burns redeemed coupons.
    bytes32 public constant REDEEMER_ROLE = keccak256("REDEEMER_ROLE");
    /// @notice Role that may pause and unpause every transfer, mint and burn.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @notice The stock limit of each offer (0: offer not defined).
    mapping(uint256 id => uint256) public maxSupply;
    /// @notice How many coupons of each offer were ever minted (burning does not free stock).
    mapping(uint256 id => uint256) public minted;
    /// @notice Operation ids already carried out.
    mapping(bytes32 opId => bool) public operationDone;

    /// @notice An offer was defined with its stock limit.
    event OfferDefined(uint256 indexed id, uint256 maxSupply);
    /// @notice A coupon was redeemed at a sponsor (and burned).
    event Redeemed(bytes32 indexed opId, address indexed holder, uint256 indexed id, uint256 amount);
    /// @notice An operation was carried out (mint, delivery, redemption).
    event OperationDone(bytes32 indexed opId);

    /// @notice The operation id was used before; nothing was changed.
    error OperationAlreadyDone(bytes32 opId);
    /// @notice Minting would exceed the offer's stock limit.
    error StockExceeded(uint256 id, uint256 requested, uint256 remaining);
    /// @notice The offer was never defined.
    error UnknownOffer(uint256 id);
    /// @notice The offer is already defined (its stock cannot change).
    error OfferAlreadyDefined(uint256 id);
    /// @notice A stock limit must be at least one.
    error InvalidStock();
    /// @notice Arrays passed together must have the same length.
    error LengthMismatch();

    /// @param admin Account that administers roles.
    /// @param operator The platform's worker account (issuer, redeemer, pauser and custody).
    /// @param uri_ Metadata URI template (ERC-1155 `{id}` substitution).
    constructor(address admin, address operator, string memory uri_) ERC1155(uri_) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ISSUER_ROLE, operator);
        _grantRole(REDEEMER_ROLE, operator);
        _grantRole(PAUSER_ROLE, admin);
        _grantRole(PAUSER_ROLE, operator);
    }

    modifier once(bytes32 opId) {
        if (operationDone[opId]) revert OperationAlreadyDone(opId);
        operationDone[opId] = true;
        _;
        emit OperationDone(opId);
    }

    /// @notice Defines an offer's token id and its stock limit, once.
    /// @param id The offer's token id.
    /// @param stock The most coupons that may ever be minted for it.
    function defineOffer(uint256 id, uint256 stock) external onlyRole(ISSUER_ROLE) {
        if (stock == 0) revert InvalidStock();
        if (maxSupply[id] != 0) revert OfferAlreadyDefined(id);
        maxSupply[id] = stock;
        emit OfferDefined(id, stock);
    }

    /// @notice Mints coupons of several offers to one address (the custody) in one call.
    /// @param opId Operation id (usable once).
    /// @param to Receiver of the coupons.
    /// @param ids Offer token ids.
    /// @param amounts Number of coupons of each id.
    function issue(bytes32 opId, address to, uint256[] calldata ids, uint256[] calldata amounts) external onlyRole(ISSUER_ROLE) once(opId) {
        if (ids.length != amounts.length) revert LengthMismatch();
        for (uint256 i = 0; i < ids.length; i++) {
            uint256 id = ids[i];
            uint256 limit = maxSupply[id];
            if (limit == 0) revert UnknownOffer(id);
            uint256 after_ = minted[id] + amounts[i];
            if (after_ > limit) revert StockExceeded(id, amounts[i], limit - minted[id]);
            minted[id] = after_;
        }
        _mintBatch(to, ids, amounts, "");
    }

    /// @notice Moves coupons from the caller (the custody) to a holder's own wallet, once.
    /// @param opId Operation id (usable once).
    /// @param to The holder's address.
    /// @param ids Offer token ids.
    /// @param amounts Number of coupons of each id.
    function deliver(bytes32 opId, address to, uint256[] calldata ids, uint256[] calldata amounts) external onlyRole(ISSUER_ROLE) once(opId) {
        safeBatchTransferFrom(_msgSender(), to, ids, amounts, "");
    }

    /// @notice Burns redeemed coupons, from the custody or from the holders' wallets.
    /// @dev Sponsors honour a coupon once; the redeemer burns what the platform saw redeemed.
    /// @param opId Operation id (usable once).
    /// @param holders Holder of each burned coupon.
    /// @param ids Offer token id of each.
    /// @param amounts Number of each.
    function redeem(bytes32 opId, address[] calldata holders, uint256[] calldata ids, uint256[] calldata amounts) external onlyRole(REDEEMER_ROLE) once(opId) {
        if (holders.length != ids.length || ids.length != amounts.length) revert LengthMismatch();
        for (uint256 i = 0; i < ids.length; i++) {
            _burn(holders[i], ids[i], amounts[i]);
            emit Redeemed(opId, holders[i], ids[i], amounts[i]);
        }
    }

    /// @notice Stops every mint, transfer and burn.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Resumes mints, transfers and burns.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /// @inheritdoc ERC1155
    function supportsInterface(bytes4 interfaceId) public view override(ERC1155, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }
}
