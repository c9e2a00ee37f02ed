// The anchoring contract's interface (contracts/EvidenceAnchor.sol), shared by the worker,
// the command-line verifier and the audit page.
export const ANCHOR_ABI = [
  "function anchor(bytes32 root, uint32 leafCount, bytes32 batchId)",
  "function anchorOf(bytes32 root) view returns (uint64 timestamp, uint64 blockNumber, uint32 leafCount)",
  "event RootAnchored(bytes32 indexed root, uint32 leafCount, bytes32 indexed batchId, uint64 timestamp)",
  "error RootAlreadyAnchored(bytes32 root, uint64 anchoredAt)",
  "error InvalidRoot()",
] as const;

/** The 4-byte selector of anchorOf(bytes32) (test/unit/evidence-contract.test.ts checks it). */
export const ANCHOR_OF_SELECTOR = "0xcf4ff901";

/** Reads a root's anchor with a bare JSON-RPC eth_call: no wallet, no library. */
export async function readAnchor(rpcUrl: string, contract: string, root: string, fetcher: typeof fetch = fetch) {
  const call = async (method: string, params: unknown[]) => {
    const res = await fetcher(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = (await res.json()) as { result?: string; error?: { message: string } };
    if (body.error || body.result === undefined) throw new Error(body.error?.message ?? `no answer from ${rpcUrl}`);
    return body.result;
  };
  const chainId = Number(await call("eth_chainId", []));
  const out = await call("eth_call", [
    { to: contract, data: ANCHOR_OF_SELECTOR + root.replace(/^0x/, "").padStart(64, "0") },
    "latest",
  ]);
  const word = (i: number) => BigInt("0x" + (out.slice(2 + 64 * i, 2 + 64 * (i + 1)) || "0"));
  return { chainId, timestamp: Number(word(0)), blockNumber: Number(word(1)), leafCount: Number(word(2)) };
}
