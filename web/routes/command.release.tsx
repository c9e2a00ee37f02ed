import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../http/guards.server.ts";
import { formDone, formRefusedFirst, readForm } from "../http/form.server.ts";
import { releaseLog, releaseSummary, releasedAt, setRelease } from "../results/feed.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime, formatNumber } from "../i18n/format.ts";
import { FormAnswer } from "../ui/form-reply.tsx";

export const meta: MetaFunction = () => [{ title: "เผยแพร่ผล / Release" }];

// The embargo, released or held only after a confirmation that names what becomes
// public (or stops being), with the log of every release and hold.
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "warroom:verify");
  const [released, summary, log] = await Promise.all([releasedAt(), releaseSummary(), releaseLog()]);
  return {
    releasedAt: released?.toISOString() ?? null,
    summary,
    log: log.map((l) => ({ ...l, at: l.at.toISOString() })),
  };
}

const releaseSchema = z.object({ intent: z.enum(["release", "hold"]), confirm: z.literal("yes") });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "warroom:verify");
  const submission = await readForm(request, releaseSchema);
  if (submission.status !== "success") return formRefusedFirst(submission);
  await setRelease(submission.value.intent === "release", user.id);
  return formDone("release.done");
}

export default function Release() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const intent = d.releasedAt ? "hold" : "release";
  return (
    <>
      <section className="card" aria-labelledby="rel-title">
        <h1 id="rel-title">{t("release.title")}</h1>
        <p data-testid="release-state">
          {d.releasedAt ? t("release.released", { at: formatDateTime(d.releasedAt, locale) }) : t("release.held")}
        </p>
        <FormAnswer reply={reply} />
        <Form method="post" data-testid="release-confirm">
          <p>
            <strong>{t(intent === "release" ? "release.confirmRelease" : "release.confirmHold")}</strong>
          </p>
          <ul data-testid="release-summary">
            {d.summary.map((e) => (
              <li key={e.slug}>
                <strong>{locale === "th" ? e.nameTh : e.nameEn}</strong> —{" "}
                {t("release.changes", { n: formatNumber(e.changes, locale) })}
                <ul>
                  {e.contests.map((c) => (
                    <li key={c.key}>
                      {t("release.contestLine", {
                        contest: locale === "th" ? c.nameTh : c.nameEn,
                        verified: formatNumber(c.verified, locale),
                        reported: formatNumber(c.reported, locale),
                        units: formatNumber(c.units, locale),
                      })}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" className={intent === "release" ? "primary" : ""}>
            {t(intent === "release" ? "release.doRelease" : "release.doHold")}
          </button>{" "}
          <Link to="/review">{t("release.cancel")}</Link>
        </Form>
      </section>
      <section className="card" aria-labelledby="rel-log">
        <h2 id="rel-log">{t("release.log")}</h2>
        <ul data-testid="release-log">
          {d.log.map((l) => (
            <li key={l.id}>
              {formatDateTime(l.at, locale)} — {t(l.released ? "release.logRelease" : "release.logHold")}{" "}
              {t("release.by", { name: l.by })}
              {l.elections.map((e) => (
                <span key={e.slug} className="hint">
                  {" "}
                  · {locale === "th" ? e.nameTh : e.nameEn}:{" "}
                  {e.contests.map((c) => `${c.key} ${c.verified}/${c.units}`).join(", ")}
                </span>
              ))}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
