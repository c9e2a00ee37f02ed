// Anchoring count photos on a real local chain (a Hardhat node started here, the contract
// deployed to it): batches, confirmations, a crash between steps, a dropped transaction,
// a stuck one replaced with a higher fee, a reorg, and the chain stopped for a while.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { ethers } from "ethers";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { anchoringChain } from "../support/chain.ts";
import { photoElectionId } from "../support/election.ts";

const port = 8700 + Math.floor(Math.random() * 200);
const { chain } = await anchoringChain(port, "anchor", {
  RPC_TIMEOUT_MS: "1000",
});
afterAll(() => chain.stop());

const { db } = await import("../../web/db/db.server.ts");
const { anchorTick, anchoringSteps, photoAnchorState } = await import("../../web/evidence/anchoring.server.ts");
const { anchorChain } = await import("../../web/evidence/chain.server.ts");
const { LEAF_ENCODING, leafOf } = await import("../../web/evidence/merkle.ts");
const { evidenceBundle, evidenceOf } = await import("../../web/evidence/evidence.server.ts");

const provider = new ethers.JsonRpcProvider(chain.rpcUrl, undefined, { cacheTimeout: -1 });
const rpc = (method: string, params: unknown[] = []) => provider.send(method, params);
const settings = { intervalSeconds: 30, batchPhotos: 1000, confirmations: 2, stuckSeconds: 60 };
let clock = Date.parse("2027-03-14T10:00:00Z");
const later = (seconds: number) => new Date((clock += seconds * 1000));
const tick = (s = settings) => anchorTick(s, later(1));

let uploader = "";
async function photos(n: number) {
  uploader ||= (
    await db().user.create({ data: { phone: `+6689${randomBytes(4).readUInt32BE() % 10_000_000}`.padEnd(12, "0") } })
  ).id;
  const electionId = await photoElectionId();
  const rows = Array.from({ length: n }, (_, i) => ({
    unitCode: `10-01-100101-${String(i % 1000).padStart(3, "0")}`,
    ballot: "constituency" as const,
    electionId,
    kind: i % 2 ? "board" : "form",
    sha256: randomBytes(32).toString("hex"),
    storageKey: "tally-photos/x",
    contentType: "image/jpeg",
    bytes: 1000,
    uploadedById: uploader,
  }));
  await db().tallyPhoto.createMany({ data: rows });
  return rows.map((r) => r.sha256);
}

/** Every anchor event the contract ever emitted, by root. */
async function anchorEvents() {
  const { contract } = await anchorChain();
  const logs = await contract.queryFilter(contract.filters.RootAnchored!(), 0, "latest");
  return logs.map((l) => (l as ethers.EventLog).args[0] as string);
}

/** Ticks (mining a block after each, as a live chain would) until nothing is pending. */
async function settle(max = 12) {
  for (let i = 0; i < max; i++) {
    await tick();
    await rpc("evm_mine");
    const open = await db().anchorBatch.count({ where: { status: { not: "confirmed" } } });
    const waiting = await db().tallyPhoto.count({ where: { anchorBatchId: null } });
    if (!open && !waiting) return;
  }
  throw new Error("anchoring did not settle");
}

async function expectAllAnchoredOnce() {
  const photoRows = await db().tallyPhoto.findMany({ include: { anchorBatch: true } });
  const batches = await db().anchorBatch.findMany();
  const events = await anchorEvents();
  expect(photoRows.every((p) => p.anchorBatch?.status === "confirmed")).toBe(true);
  expect(batches.reduce((s, b) => s + b.leafCount, 0)).toBe(photoRows.length);
  expect(events.sort()).toEqual(batches.map((b) => b.root).sort()); // each root exactly once on-chain
  for (const p of photoRows) {
    expect(StandardMerkleTree.verify(p.anchorBatch!.root, [...LEAF_ENCODING], leafOf(p), p.anchorProof)).toBe(true);
  }
}

beforeEach(async () => {
  await rpc("evm_setAutomine", [true]);
});

describe("anchoring count photos", () => {
  it("anchors waiting photos in one transaction: pending → anchored → confirmed, with proofs that verify", async () => {
    await photos(25);
    let report = await tick();
    expect([report.built, report.sent]).toEqual([1, 1]);
    const batch = (await db().anchorBatch.findFirstOrThrow({ include: { photos: true } }))!;
    expect(batch.leafCount).toBe(25);
    expect(photoAnchorState(batch)).toBe("pending");
    report = await tick();
    expect(report.mined).toBe(1);
    const mined = await db().anchorBatch.findUniqueOrThrow({ where: { id: batch.id } });
    expect(photoAnchorState(mined)).toBe("anchored");
    await rpc("evm_mine"); // a second block on top: two confirmations
    report = await tick();
    expect(report.confirmed).toBe(1);
    const confirmed = await db().anchorBatch.findUniqueOrThrow({ where: { id: batch.id } });
    const { contract } = await anchorChain();
    const [timestamp, blockNumber, leafCount] = (await contract.anchorOf!(confirmed.root)) as bigint[];
    expect(Number(timestamp) * 1000).toBe(confirmed.blockTime!.getTime());
    expect([Number(blockNumber), Number(leafCount)]).toEqual([confirmed.blockNumber, 25]);
    await expectAllAnchoredOnce();
  });

  it("waits for the interval, or goes at once when enough photos wait", async () => {
    await photos(3);
    expect((await anchorTick(settings, later(1))).built).toBe(0); // the last batch was a moment ago
    expect((await anchorTick({ ...settings, batchPhotos: 3 }, later(1))).built).toBe(1);
    await photos(2);
    expect((await anchorTick(settings, later(5))).built).toBe(0);
    expect((await anchorTick(settings, later(30))).built).toBe(1);
    await settle();
    await expectAllAnchoredOnce();
  });

  it("resumes after a crash between building a batch and sending it", async () => {
    await photos(7);
    const c = await anchorChain();
    const built = await anchoringSteps.buildBatch(c, settings, later(60));
    expect(built!.status).toBe("built"); // … and the worker dies here
    const report = await tick();
    expect(report.sent).toBe(1);
    await settle();
    await expectAllAnchoredOnce();
  });

  it("sends a dropped transaction again, and replaces a stuck one with a higher fee", async () => {
    await rpc("evm_setAutomine", [false]);
    await photos(5);
    await anchorTick(settings, later(60));
    const sent = await db().anchorBatch.findFirstOrThrow({ where: { status: "sent" } });
    await rpc("hardhat_dropTransaction", [sent.txHash]);
    expect(await provider.getTransaction(sent.txHash!)).toBeNull();
    await tick(); // dropped: the same bytes again
    expect(await provider.getTransaction(sent.txHash!)).not.toBeNull();
    const report = await anchorTick(settings, later(settings.stuckSeconds + 1)); // still not mined
    expect(report.bumped).toBe(1);
    const bumped = await db().anchorBatch.findUniqueOrThrow({ where: { id: sent.id } });
    expect(bumped.txHashes).toHaveLength(2);
    expect(bumped.nonce).toBe(sent.nonce);
    expect(bumped.maxFeePerGas! > sent.maxFeePerGas!).toBe(true);
    await rpc("evm_setAutomine", [true]);
    await settle();
    const done = await db().anchorBatch.findUniqueOrThrow({ where: { id: sent.id } });
    expect(done.txHash).toBe(bumped.txHash); // the replacement is the one mined
    expect(await provider.getTransactionReceipt(sent.txHash!)).toBeNull();
    await expectAllAnchoredOnce();
  });

  it("anchors again when a reorg removes the transaction", async () => {
    await photos(4);
    const snapshot = await rpc("evm_snapshot");
    await anchorTick(settings, later(60));
    await rpc("evm_mine");
    await tick();
    await rpc("evm_mine");
    await tick();
    const batch = await db().anchorBatch.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(batch.status).toBe("confirmed");
    await rpc("evm_revert", [snapshot]); // the blocks holding it are gone…
    await rpc("evm_mine"); // … and the chain goes on without it
    const report = await tick();
    expect(report.reanchored).toBe(1);
    await settle();
    const again = await db().anchorBatch.findUniqueOrThrow({ where: { id: batch.id } });
    expect(again.status).toBe("confirmed");
    expect(again.blockNumber).toBe(batch.blockNumber! + 1);
    expect(again.blockHash).not.toBe(batch.blockHash);
    await expectAllAnchoredOnce();
  });

  it("keeps photos pending while the chain is down, and anchors each exactly once when it is back", async () => {
    await photos(10);
    await anchorTick(settings, later(60)); // a batch sent just before the outage
    process.kill(chain.pid, "SIGSTOP");
    try {
      await photos(15);
      for (let i = 0; i < 3; i++) await expect(anchorTick(settings, later(40))).rejects.toThrow();
      expect(await db().tallyPhoto.count({ where: { anchorBatch: null } })).toBeGreaterThanOrEqual(15);
    } finally {
      process.kill(chain.pid, "SIGCONT");
    }
    await settle();
    await expectAllAnchoredOnce();
  });
});

describe("auditing a photo without us: proof bundles and the command-line verifier", () => {
  it("verifies a submitted photo against its bundle and the chain, and refuses tampering with the reason", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "audit-"));
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(50_000)]);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const [user] = await db().user.findMany({ take: 1 });
    const photo = await db().tallyPhoto.create({
      data: {
        electionId: await photoElectionId(),
        unitCode: "10-02-100201-004",
        ballot: "party_list",
        kind: "form",
        sha256,
        storageKey: "x",
        contentType: "image/jpeg",
        bytes: bytes.length,
        uploadedById: user!.id,
      },
    });
    expect((await evidenceOf(sha256))!.state).toBe("pending");
    await anchorTick(settings, later(60));
    await settle();
    const evidence = (await evidenceOf(sha256))!;
    expect([evidence.state, evidence.unit, evidence.kind]).toEqual(["confirmed", "10-02-100201-004", "form"]);
    expect(evidence.submittedAt).toBe(Math.floor(photo.createdAt.getTime() / 1000));

    const bundle = (await evidenceBundle({ batchSeq: evidence.batch!.seq }))!;
    expect(bundle.batches[0]!.leaves.length).toBe(evidence.batch!.leafCount);
    const constituency = (await evidenceBundle({ constituencyId: "10-02" }))!;
    expect(constituency.batches.flatMap((b) => b.leaves).map((l) => l.unit)).toEqual(["10-02-100201-004"]);

    const file = (name: string, content: string | Buffer) =>
      writeFile(path.join(dir, name), content).then(() => path.join(dir, name));
    const verify = (photoFile: string, bundleFile: string, rpc = chain.rpcUrl) =>
      spawnSync(
        process.execPath,
        [
          "--disable-warning=ExperimentalWarning",
          "--import",
          "tsx",
          "scripts/verify-evidence.ts",
          photoFile,
          "--bundle",
          bundleFile,
          "--rpc",
          rpc,
        ],
        { encoding: "utf8" },
      );
    const photoFile = await file("photo.jpg", bytes);
    const bundleFile = await file("bundle.json", JSON.stringify(constituency));

    const ok = verify(photoFile, bundleFile);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`VERIFIED: ${photoFile}`);
    expect(ok.stdout).toContain("10-02-100201-004 (form)");

    const flipped = Buffer.from(bytes);
    flipped[1000] = flipped[1000]! ^ 1;
    const changed = verify(await file("changed.jpg", flipped), bundleFile);
    expect(changed.status).toBe(1);
    expect(changed.stderr).toContain("no photo with this SHA-256 is in the bundle");

    const forged = structuredClone(constituency);
    forged.batches[0]!.leaves[0]!.proof = [`0x${"11".repeat(32)}`];
    expect(verify(photoFile, await file("forged.json", JSON.stringify(forged))).stderr).toContain(
      "the proof does not lead from this photo",
    );
    const otherChain = {
      ...constituency,
      chainId: 1,
      batches: constituency.batches.map((b) => ({ ...b, chainId: 1 })),
    };
    expect(verify(photoFile, await file("chain.json", JSON.stringify(otherChain))).stderr).toContain(
      "the bundle is for chain 1",
    );
    const otherContract = {
      ...constituency,
      batches: constituency.batches.map((b) => ({ ...b, contract: "0x000000000000000000000000000000000000dEaD" })),
    };
    expect(verify(photoFile, await file("contract.json", JSON.stringify(otherContract))).stderr).toContain(
      "has no record of root",
    );
    const notABundle = verify(photoFile, await file("bad.json", '{"hello": 1}'));
    expect([notABundle.status, notABundle.stderr.includes("not a election-evidence-bundle/1 file")]).toEqual([1, true]);
    expect(verify(photoFile, path.join(dir, "missing.json")).stderr).toContain("cannot read the bundle");
    expect(verify(photoFile, bundleFile, "http://127.0.0.1:9").stderr).toContain("did not answer");
  });
});
