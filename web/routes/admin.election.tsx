import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../http/guards.server.ts";
import { createElection, electionSummary } from "../elections/elections.server.ts";
import { importElectionCsv } from "../elections/election-import.server.ts";
import { importSetupCsv } from "../elections/contest-import.server.ts";
import { importChecklistCsv } from "../checklists/checklists.server.ts";
import { electionSlugOf } from "../http/election-param.server.ts";
import { importUploadedCsv, type ImportLines } from "../http/csv-upload.server.ts";
import { formDone, formRefused, readForm } from "../http/form.server.ts";
import { ImportAnswerView } from "../ui/import-answer.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime } from "../i18n/format.ts";
import { useIsPending } from "../ui/use-is-pending.ts";

export const meta: MetaFunction = () => [{ title: "การเลือกตั้ง / Election" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "organisations:manage");
  const summary = await electionSummary(electionSlugOf(request));
  const election = summary?.election;
  const [parties, candidates] = summary ? [summary.parties, summary.candidates] : [0, 0];
  return {
    contests: summary?.contests.map((c) => `${c.key} (${c.kind})`) ?? [],
    election: election && {
      slug: election.slug,
      name: election.nameTh,
      date: election.date.toISOString().slice(0, 10),
      closesAt: election.closesAt.toISOString(),
    },
    parties,
    candidates,
  };
}

const electionSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]{2,40}$/),
  nameTh: z.string().trim().min(2).max(150),
  nameEn: z.string().trim().min(2).max(150),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  closesAt: z.string().regex(/^\d{2}:\d{2}$/),
  template: z.enum(["general", "empty"]).default("general"),
});

const FILES = ["parties", "candidates", "contests", "areas", "choices", "checklist"] as const;

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "organisations:manage");
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const submission = await readForm(request, electionSchema);
    if (submission.status !== "success") return formRefused<ImportLines>("form.badRequest", 400, { lineErrors: null });
    if ((await createElection(submission.value)) === "slugTaken")
      return formRefused<ImportLines>("organisations.errors.slugTaken", 409, { lineErrors: null });
    return formDone<ImportLines>("electionAdmin.created", { lineErrors: null });
  }
  const electionId = (await electionSummary(electionSlugOf(request)))?.election.id;
  if (!electionId) return formRefused<ImportLines>("tally.noElection", 409, { lineErrors: null });
  return importUploadedCsv(request, FILES, "electionAdmin.imported", (client, kind, input) =>
    kind === "parties" || kind === "candidates"
      ? importElectionCsv(client, electionId, kind, input)
      : kind === "checklist"
        ? importChecklistCsv(client, electionId, input)
        : importSetupCsv(client, electionId, kind, input),
  );
}

export default function ElectionAdmin() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useIsPending();
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="el-title">
      <h1 id="el-title">{t("electionAdmin.title")}</h1>
      <ImportAnswerView answer={result} />
      {d.election ? (
        <>
          <p>
            {t("electionAdmin.current", {
              name: d.election.name,
              date: d.election.date,
              closes: formatDateTime(d.election.closesAt, locale, {
                timeZone: "Asia/Bangkok",
              }),
            })}
          </p>
          <p data-testid="election-counts">
            {t("electionAdmin.counts", { parties: d.parties, candidates: d.candidates })}
          </p>
          <p data-testid="election-contests">
            {t("electionAdmin.contestList", { list: d.contests.join(", ") || "—" })}
          </p>
          {FILES.map((kind) => (
            <Form key={kind} method="post" encType="multipart/form-data">
              <label htmlFor={kind}>{t(`electionAdmin.${kind}`)}</label>
              <input id={kind} name={kind} type="file" accept=".csv,text/csv" required />
              <div className="actions">
                <button type="submit" disabled={busy}>
                  {t("electionAdmin.upload")}
                </button>
              </div>
            </Form>
          ))}
        </>
      ) : (
        <p>{t("electionAdmin.none")}</p>
      )}
      <h2>{t("electionAdmin.create")}</h2>
      <Form method="post">
        <label htmlFor="slug">{t("electionAdmin.slug")}</label>
        <input id="slug" name="slug" required pattern="[a-z0-9\-]{2,40}" />
        <label htmlFor="nameTh">{t("electionAdmin.nameTh")}</label>
        <input id="nameTh" name="nameTh" required />
        <label htmlFor="nameEn">{t("electionAdmin.nameEn")}</label>
        <input id="nameEn" name="nameEn" required />
        <label htmlFor="date">{t("electionAdmin.date")}</label>
        <input id="date" name="date" type="date" required />
        <label htmlFor="closesAt">{t("electionAdmin.closesAt")}</label>
        <input id="closesAt" name="closesAt" type="time" defaultValue="17:00" required />
        <label htmlFor="template">{t("electionAdmin.template")}</label>
        <select id="template" name="template" defaultValue="general">
          <option value="general">{t("electionAdmin.templateGeneral")}</option>
          <option value="empty">{t("electionAdmin.templateEmpty")}</option>
        </select>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("electionAdmin.create")}
          </button>
        </div>
      </Form>
    </section>
  );
}
