// Imported first by hardhat.config.ts: one line instead of Hardhat's error when its native
// package is missing (an install made by npm under Node 20) or the Node is too old.
import { requireProjectNode } from "../node.mjs";

requireProjectNode({ hardhat: true });
