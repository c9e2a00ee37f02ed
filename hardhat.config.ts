// Hardhat 3 with the solc compiler from npm (no compiler download: docs/decisions/0004).
import "./scripts/lib/hardhat-guard.ts";
import { createRequire } from "node:module";
import type { HardhatUserConfig } from "hardhat/config";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";

const require = createRequire(import.meta.url);
const solcVersion: string = require("solc/package.json").version;

const config: HardhatUserConfig = {
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    version: solcVersion,
    path: require.resolve("solc/soljson.js"),
    settings: { optimizer: { enabled: true, runs: 200 } },
  },
  paths: {
    sources: "./contracts",
    tests: { mocha: "./test/contracts" },
    artifacts: "./artifacts",
    cache: "./cache",
  },
};

export default config;
