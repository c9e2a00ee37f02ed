// npm run verify -- <photo> --bundle <bundle.json> --rpc <url>
// An auditor's check that needs nothing of ours: the photo's SHA-256, the proof bundle
// downloaded from the audit page, the official Merkle library and any node of the chain.
// Exit 0 with a short report when the photo is anchored; 1 with the reason otherwise.
import "./lib/node-guard.ts";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { checkAgainstBundle, type EvidenceBundle } from "../web/evidence/bundle.ts";

const usage = "usage: npm run verify -- <photo> --bundle <bundle.json> --rpc <url>";
let args;
try {
  args = parseArgs({ allowPositionals: true, options: { bundle: { type: "string" }, rpc: { type: "string" } } });
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const [photo] = args.positionals;
if (!photo || !args.values.bundle || !args.values.rpc) {
  console.error(usage);
  process.exit(2);
}

async function sha256Of(file: string) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

try {
  const sha256 = await sha256Of(photo);
  let bundle: EvidenceBundle;
  try {
    bundle = JSON.parse(await readFile(args.values.bundle, "utf8")) as EvidenceBundle;
  } catch (error) {
    throw new Error(`cannot read the bundle ${args.values.bundle}: ${(error as Error).message}`, { cause: error });
  }
  const check = await checkAgainstBundle(sha256, bundle, args.values.rpc);
  if (!check.ok) {
    console.error(`NOT VERIFIED: ${photo}\n  SHA-256 ${sha256}\n  ${check.reason}`);
    process.exit(1);
  }
  console.log(
    [
      `VERIFIED: ${photo}`,
      `  SHA-256      ${sha256}`,
      `  unit         ${check.leaf.unit} (${check.leaf.kind}), submitted ${new Date(check.leaf.submittedAt * 1000).toISOString()}`,
      `  batch        #${check.batch.seq}, root ${check.batch.root} (${check.batch.leafCount} photos)`,
      `  on chain     ${check.batch.chainId}, contract ${check.batch.contract}, block ${check.blockNumber}, ${check.anchoredAt.toISOString()}`,
      `  transaction  ${check.batch.transaction ?? "—"}`,
    ].join("\n"),
  );
} catch (error) {
  console.error(`NOT VERIFIED: ${(error as Error).message}`);
  process.exit(1);
}
