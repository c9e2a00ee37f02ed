import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { evidenceOf, publicChain, recentBatches, SHA256_HEX, type Evidence } from "../evidence/evidence.server.ts";
import { checkAgainstBundle, type Check } from "../evidence/bundle.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime } from "../i18n/format.ts";

export const meta: MetaFunction = () => [{ title: "ตรวจสอบภาพถ่าย / Audit the photos" }];

// The public audit: drop a count photo (hashed in the browser; the file never leaves the
// phone) or paste its SHA-256. The browser checks the Merkle proof with the official
// library and reads the root's time from the chain itself. Without JavaScript, a pasted
// hash is looked up here (the page says the check was then ours, not the browser's).
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const constituency = url.searchParams.get("constituency");
  if (constituency !== null) {
    if (/^\d{2}-\d{2}$/.test(constituency.trim())) throw redirect(`/audit/constituencies/${constituency.trim()}.json`);
    return data(
      {
        lookup: { sha256: "", error: "audit.badConstituency" as string | null, evidence: null },
        ...(await overview()),
      },
      { status: 400 },
    );
  }
  const q = (url.searchParams.get("sha256") ?? "").trim().toLowerCase().replace(/^0x/, "");
  if (!q) return { lookup: null, ...(await overview()) };
  if (!SHA256_HEX.test(q))
    return data(
      { lookup: { sha256: q, error: "audit.badHash" as string | null, evidence: null }, ...(await overview()) },
      { status: 400 },
    );
  const evidence = await evidenceOf(q);
  return data(
    { lookup: { sha256: q, error: evidence ? null : "audit.noMatch", evidence }, ...(await overview()) },
    { status: evidence ? 200 : 404 },
  );
}

async function overview() {
  return { recent: await recentBatches(), chain: publicChain() };
}

type Found = {
  sha256: string;
  evidence: Evidence | null;
  check: Check | null;
  ms: number;
  error: string | null;
  inBrowser: boolean;
  hashMs?: number;
};

async function sha256Hex(file: Blob) {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export default function Audit() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<Found | null>(null);
  const [dragging, setDragging] = useState(false);
  const when = (iso: string | null | undefined) =>
    iso ? formatDateTime(iso, locale, { timeZone: "Asia/Bangkok" }) : "—";

  async function audit(source: { file: File } | { hash: string }) {
    setBusy(true);
    try {
      const started = performance.now();
      const sha256 =
        "file" in source ? await sha256Hex(source.file) : source.hash.trim().toLowerCase().replace(/^0x/, "");
      const hashMs = performance.now() - started;
      if (!/^[0-9a-f]{64}$/.test(sha256))
        return setFound({ sha256, evidence: null, check: null, ms: 0, error: "audit.badHash", inBrowser: true });
      const res = await fetch(`/api/v1/evidence/${sha256}`);
      if (res.status === 404)
        return setFound({
          sha256,
          evidence: null,
          check: null,
          ms: performance.now() - started,
          error: "audit.noMatch",
          inBrowser: true,
        });
      if (!res.ok)
        return setFound({ sha256, evidence: null, check: null, ms: 0, error: "audit.unavailable", inBrowser: true });
      const evidence = (await res.json()) as Evidence;
      const check =
        evidence.bundle && d.chain.rpcUrl ? await checkAgainstBundle(sha256, evidence.bundle, d.chain.rpcUrl) : null;
      setFound({ sha256, evidence, check, ms: performance.now() - started, error: null, inBrowser: true, hashMs });
    } catch {
      setFound({ sha256: "", evidence: null, check: null, ms: 0, error: "audit.unavailable", inBrowser: true });
    } finally {
      setBusy(false);
    }
  }

  const shown: Found | null =
    found ??
    (d.lookup && {
      sha256: d.lookup.sha256,
      evidence: d.lookup.evidence,
      check: null,
      ms: 0,
      error: d.lookup.error,
      inBrowser: false,
    });

  return (
    <section className="card" aria-labelledby="audit-title">
      <h1 id="audit-title">{t("audit.title")}</h1>
      <p>{t("audit.intro")}</p>

      <label
        htmlFor="photo"
        className={`dropzone${dragging ? " dragging" : ""}`}
        onDragOver={(e) => (e.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer.files[0];
          if (file) void audit({ file });
        }}
      >
        <strong>{t("audit.drop")}</strong>
        <span className="hint">{t("audit.dropHint")}</span>
        <input
          id="photo"
          type="file"
          accept="image/*"
          onChange={(e) => e.currentTarget.files?.[0] && void audit({ file: e.currentTarget.files[0] })}
        />
      </label>
      <noscript>
        <p className="hint">{t("audit.needsScript")}</p>
      </noscript>

      <Form
        method="get"
        className="hash-form"
        onSubmit={(e) => {
          const field = e.currentTarget.elements.namedItem("sha256");
          const hash = field instanceof HTMLInputElement ? field.value : null;
          if (typeof hash === "string") {
            e.preventDefault();
            void audit({ hash });
          }
        }}
      >
        <label htmlFor="sha256">{t("audit.pasteHash")}</label>
        <input
          id="sha256"
          name="sha256"
          className="mono"
          inputMode="text"
          autoComplete="off"
          spellCheck={false}
          defaultValue={d.lookup?.sha256 ?? ""}
          placeholder="e3b0c442…"
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("audit.check")}
          </button>
        </div>
      </Form>

      {busy && <p role="status">{t("audit.checking")}</p>}
      {shown && !busy && <AuditResult found={shown} when={when} />}

      <p>
        <a href="/audit/quickcount">{t("quickcount.audit.title")}</a>
      </p>
      <h2>{t("audit.batches")}</h2>
      <p data-testid="pending-photos">{t("audit.pending", { n: d.recent.pending })}</p>
      {d.recent.batches.length > 0 && (
        <div className="table-scroll" tabIndex={0}>
          <table data-testid="batches">
            <thead>
              <tr>
                <th scope="col">{t("audit.batch")}</th>
                <th scope="col">{t("audit.photos")}</th>
                <th scope="col">{t("audit.state")}</th>
                <th scope="col">{t("audit.blockTime")}</th>
                <th scope="col">{t("audit.bundle")}</th>
              </tr>
            </thead>
            <tbody>
              {d.recent.batches.map((b) => (
                <tr key={b.seq}>
                  <td>#{b.seq}</td>
                  <td>
                    {b.kind === "quickcount_sample" ? (
                      <a href="/audit/quickcount">{t("quickcount.audit.title")}</a>
                    ) : (
                      b.leafCount.toLocaleString()
                    )}
                  </td>
                  <td>
                    <span className="badge">{t(`audit.status.${b.status}`)}</span>
                  </td>
                  <td>{when(b.blockTime)}</td>
                  <td>
                    {b.blockNumber && b.kind === "photos" ? (
                      <a href={`/audit/batches/${b.seq}.json`} download>
                        JSON
                      </a>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Form method="get" className="hash-form">
        <label htmlFor="constituency">{t("audit.constituencyBundle")}</label>
        <input
          id="constituency"
          name="constituency"
          className="mono"
          placeholder="10-01"
          pattern="\d{2}-\d{2}"
          required
        />
        <div className="actions">
          <button type="submit">{t("audit.download")}</button>
        </div>
      </Form>
      <h2>{t("audit.cliTitle")}</h2>
      <p>{t("audit.cliHelp")}</p>
      <pre className="mono">
        npm run verify -- photo.jpg --bundle evidence-batch-1.json --rpc {d.chain.rpcUrl ?? "<RPC URL>"}
      </pre>
      <p className="hint hash">{t("audit.contract", { contract: d.chain.contract ?? "—" })}</p>
    </section>
  );
}

function AuditResult({ found, when }: { found: Found; when: (iso: string | null | undefined) => string }) {
  const t = useT();
  if (found.error) {
    return (
      <div
        className="notice error"
        role="alert"
        data-testid="audit-result"
        data-outcome={found.error === "audit.noMatch" ? "no-match" : "error"}
      >
        <strong>{t(`messages.${found.error}`)}</strong>
        {found.sha256 && <p className="mono hash">SHA-256 {found.sha256}</p>}
      </div>
    );
  }
  const e = found.evidence!;
  const c = found.check;
  const outcome = c?.ok ? e.state : c ? "failed" : e.state;
  return (
    <div
      className={`notice${c && !c.ok ? " error" : ""}`}
      role="status"
      data-testid="audit-result"
      data-outcome={outcome}
      data-ms={Math.round(found.ms)}
      data-hash-ms={found.hashMs === undefined ? undefined : Math.round(found.hashMs)}
    >
      <p>
        <strong>{c?.ok ? t("audit.match") : t(`audit.stateText.${e.state}`)}</strong>
      </p>
      <dl className="facts">
        <dt>{t("audit.unit")}</dt>
        <dd>
          <Link to={`/results/u/${e.unit}`} className="mono">
            {e.unit}
          </Link>{" "}
          · {t(`report.ballot.${e.ballot}`)} · {t(`audit.kind.${e.kind}`)}
        </dd>
        <dt>{t("audit.submitted")}</dt>
        <dd>{when(e.submittedAtIso)}</dd>
        <dt>SHA-256</dt>
        <dd className="mono hash">{e.sha256.slice(2)}</dd>
        <dt>{t("audit.state")}</dt>
        <dd>
          <span className="badge" data-testid="audit-state">
            {t(`audit.photoState.${e.state}`)}
          </span>
        </dd>
        {e.batch && (
          <>
            <dt>{t("audit.batch")}</dt>
            <dd>
              #{e.batch.seq} ·{" "}
              <a href={`/audit/batches/${e.batch.seq}.json`} download>
                {t("audit.bundle")}
              </a>
            </dd>
            <dt>{t("audit.transaction")}</dt>
            <dd className="mono hash">{e.batch.transaction}</dd>
          </>
        )}
      </dl>
      {found.inBrowser ? (
        <ul className="checks" data-testid="audit-checks">
          <li>✓ {t("audit.hashedHere")}</li>
          {c?.ok && <li>✓ {t("audit.proofOk", { root: c.batch.root.slice(0, 18) })}</li>}
          {c?.ok && (
            <li>
              ✓{" "}
              {t("audit.onChain", {
                chain: c.batch.chainId,
                time: when(c.anchoredAt.toISOString()),
                block: c.blockNumber,
              })}
            </li>
          )}
          {c && !c.ok && <li>✗ {c.reason}</li>}
          {found.ms > 0 && <li className="hint">{t("audit.took", { ms: Math.round(found.ms) })}</li>}
        </ul>
      ) : (
        <p className="hint">{t("audit.serverChecked")}</p>
      )}
    </div>
  );
}
