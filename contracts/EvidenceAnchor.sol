// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title EvidenceAnchor
/// @notice Records the block time of Merkle roots of election-night evidence (the
///         SHA-256 hashes of tally photos), so that anyone can later prove a photo was
///         submitted before a given time without trusting the platform's database.
/// @dev Each root is anchored once; the tree's leaves and proofs are published off-chain
///      in proof bundles.
contract EvidenceAnchor is AccessControl {
    /// @notice Role allowed to anchor roots (the platform's anchoring worker).
    bytes32 public constant ANCHORER_ROLE = keccak256("ANCHORER_ROLE");

    struct Anchor {
        uint64 timestamp;
        uint64 blockNumber;
        uint32 leafCount;
    }

    mapping(bytes32 root => Anchor) private _anchors;

    /// @notice A root was anchored.
    /// @param root The Merkle root.
    /// @param leafCount Number of leaves (photos) in the tree.
    /// @param batchId The platform's identifier of the batch (for cross-reference).
    /// @param timestamp Block time at which it was anchored.
    event RootAnchored(bytes32 indexed root, uint32 leafCount, bytes32 indexed batchId, uint64 timestamp);

    /// @notice The root was already anchored; it keeps its first time.
    error RootAlreadyAnchored(bytes32 root, uint64 anchoredAt);
    /// @notice A zero root or an empty tree cannot be anchored.
    error InvalidRoot();

    /// @param admin Account that administers roles (and may grant ANCHORER_ROLE).
    /// @param anchorer Account that may anchor roots.
    constructor(address admin, address anchorer) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ANCHORER_ROLE, anchorer);
    }

    /// @notice Anchors a Merkle root at the current block time.
    /// @param root The Merkle root of the batch.
    /// @param leafCount Number of leaves in the tree (must be at least one).
    /// @param batchId The platform's batch identifier.
    function anchor(bytes32 root, uint32 leafCount, bytes32 batchId) external onlyRole(ANCHORER_ROLE) {
        if (root == bytes32(0) || leafCount == 0) revert InvalidRoot();
        Anchor storage existing = _anchors[root];
        if (existing.timestamp != 0) revert RootAlreadyAnchored(root, existing.timestamp);
        uint64 time = uint64(block.timestamp);
        _anchors[root] = Anchor(time, uint64(block.number), leafCount);
        emit RootAnchored(root, leafCount, batchId, time);
    }

    /// @notice When a root was anchored.
    /// @param root The Merkle root.
    /// @return timestamp Block time of the anchoring (0 when never anchored).
    /// @return blockNumber Block number of the anchoring (0 when never anchored).
    /// @return leafCount Number of leaves recorded with it.
    function anchorOf(bytes32 root) external view returns (uint64 timestamp, uint64 blockNumber, uint32 leafCount) {
        Anchor memory a = _anchors[root];
        return (a.timestamp, a.blockNumber, a.leafCount);
    }
}
