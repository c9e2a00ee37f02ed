import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { invariantResponse, requirePermission } from "../http/guards.server.ts";
import { answerForm, formDone, formRefusedFirst, readForm } from "../http/form.server.ts";
import { claimById, matchClaim, originalsFor, publishVerdict } from "../rumours/rumour-desk.server.ts";
import { deskActionSchema, VERDICTS } from "../rumours/claim-rules.ts";
import { FormAnswer } from "../ui/form-reply.tsx";
import { unitEvidence } from "../results/unit-evidence.server.ts";
import { PhotoAnchoring, UnitEntries, UnitHistory } from "../ui/unit-evidence.tsx";
import { useT } from "../ui/i18n.tsx";

export const meta: MetaFunction = () => [{ title: "ตรวจสอบข่าวลือ / Rumour desk" }];

async function load(request: Request, id: string | undefined) {
  await requirePermission(request, "rumours:manage");
  const claim = z.uuid().safeParse(id).success ? await claimById(id!) : null;
  invariantResponse(claim, "Not found / ไม่พบ");
  return claim;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const claim = await load(request, params.id);
  const { byUnit, similar, waiting } = await originalsFor(claim.id);
  // The unit the claim is about (named, or its chosen original's): anchoring, entries, history.
  const evidence = claim.unitCode ? await unitEvidence(claim.electionId, claim.unitCode) : null;
  const photo = ({ id, unitCode, ballot, kind, sha256 }: (typeof byUnit)[number]) => ({
    id,
    unitCode,
    ballot,
    kind,
    sha256,
  });
  return {
    claim: {
      id: claim.id,
      text: claim.text,
      link: claim.link,
      unitCode: claim.unitCode,
      hasImage: !!claim.imageKey,
      imageSha256: claim.imageSha256,
      matchedPhotoId: claim.matchedPhotoId,
      verdict: claim.verdict,
      explanationTh: claim.explanationTh,
      explanationEn: claim.explanationEn,
      published: !!claim.publishedAt,
    },
    byUnit: byUnit.map(photo),
    similar: similar.map((p) => ({ ...photo(p), distance: p.distance })),
    waiting,
    evidence,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const claim = await load(request, params.id);
  const submission = await readForm(request, deskActionSchema);
  if (submission.status !== "success") return formRefusedFirst(submission);
  const v = submission.value;
  return answerForm(async () => {
    if (v.intent === "match") await matchClaim(claim.id, v.photoId);
    else
      await publishVerdict(claim.id, {
        verdict: v.verdict,
        explanationTh: v.explanationTh,
        explanationEn: v.explanationEn,
      });
    return formDone(v.intent === "publish" ? "rumours.published" : "rumours.chosen");
  });
}

export default function DeskClaim() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const c = d.claim;
  const original = (p: (typeof d.byUnit)[number] & { distance?: number }) => (
    <li key={p.id} data-testid="original-candidate">
      <a href={`/photos/${p.id}`}>
        <img src={`/photos/${p.id}`} alt={t("rumours.ourOriginal")} width={220} loading="lazy" />
      </a>
      <br />
      <span className="mono">{p.unitCode}</span> · <code className="hash">{p.sha256}</code>
      {d.evidence?.anchoring[p.sha256] && (
        <>
          <br />
          <PhotoAnchoring sha256={p.sha256} anchoring={d.evidence.anchoring} />
        </>
      )}
      {p.distance !== undefined && (
        <>
          {" "}
          <span className="hint" data-testid="distance">
            {t("rumours.distance", { bits: p.distance })}
          </span>
        </>
      )}
      <br />
      {c.matchedPhotoId === p.id ? (
        <span className="badge approved">{t("rumours.chosen")}</span>
      ) : (
        <Form method="post">
          <input type="hidden" name="photoId" value={p.id} />
          <button type="submit" name="intent" value="match" className="secondary">
            {t("rumours.choose")}
          </button>
        </Form>
      )}
    </li>
  );
  return (
    <section className="card" aria-labelledby="claim-title">
      <p>
        <Link to="/desk">← {t("rumours.deskTitle")}</Link>
      </p>
      <h1 id="claim-title">{t("rumours.claim")}</h1>
      <p className="prewrap">{c.text}</p>
      {c.link && (
        <p>
          {t("rumours.source")}:{" "}
          <a href={c.link} rel="noopener noreferrer nofollow">
            {c.link}
          </a>
        </p>
      )}
      <FormAnswer reply={result} />
      <div className="side-by-side">
        {c.hasImage && (
          <figure>
            <figcaption>{t("rumours.circulating")}</figcaption>
            <img src={`/desk/${c.id}/image`} alt={t("rumours.circulating")} width={220} />
            <br />
            <code className="hash">{c.imageSha256}</code>
          </figure>
        )}
        <div>
          {d.byUnit.length > 0 && (
            <>
              <h2>{t("rumours.byUnit")}</h2>
              <ul className="plain-list">{d.byUnit.map((p) => original(p))}</ul>
            </>
          )}
          {c.hasImage && (
            <>
              <h2>{t("rumours.similar")}</h2>
              {d.waiting > 0 && (
                <p className="hint" role="status" data-testid="desk-waiting">
                  {t("rumours.waiting", { n: d.waiting })}
                </p>
              )}
              {d.similar.length === 0 ? (
                <p>{t("rumours.noSimilar")}</p>
              ) : (
                <ul className="plain-list">{d.similar.map((p) => original(p))}</ul>
              )}
            </>
          )}
        </div>
      </div>
      {d.evidence && c.unitCode && (
        <section aria-labelledby="desk-unit-evidence" data-testid="desk-unit-evidence">
          <h2 id="desk-unit-evidence">{t("rumours.unitEvidence", { unit: c.unitCode })}</h2>
          <p>
            <Link to={`/results/u/${c.unitCode}`}>{t("rumours.unitPermalink")}</Link>
          </p>
          <UnitEntries entries={d.evidence.entries} level={3} />
          <UnitHistory history={d.evidence.history} level={3} />
        </section>
      )}
      <h2>{t("rumours.verdictLabel")}</h2>
      <Form method="post" className="stack">
        <fieldset>
          <legend>{t("rumours.verdictLabel")}</legend>
          {VERDICTS.map((v) => (
            <label key={v} className="check">
              <input type="radio" name="verdict" value={v} defaultChecked={c.verdict === v} required />{" "}
              {t(`rumours.verdict.${v}`)}
            </label>
          ))}
        </fieldset>
        <label htmlFor="explanationTh">{t("rumours.explanationTh")}</label>
        <textarea id="explanationTh" name="explanationTh" rows={3} required defaultValue={c.explanationTh ?? ""} />
        <label htmlFor="explanationEn">{t("rumours.explanationEn")}</label>
        <textarea id="explanationEn" name="explanationEn" rows={3} required defaultValue={c.explanationEn ?? ""} />
        <div className="actions">
          <button type="submit" name="intent" value="publish" className="primary">
            {t("rumours.publish")}
          </button>
        </div>
      </Form>
      {c.published && (
        <p>
          <Link to={`/claims/${c.id}`} data-testid="verdict-link">
            {t("rumours.openVerdict")}
          </Link>
        </p>
      )}
    </section>
  );
}
