import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { FieldMetadata } from "@conform-to/react";
import { requirePermission } from "../http/guards.server.ts";
import { electionChoice, requestElection } from "../http/election-param.server.ts";
import { answerForm, formDone, formInvalid, readForm } from "../http/form.server.ts";
import {
  drawAndCommit,
  estimatesOf,
  pollsOpenAt,
  sampleView,
  setPublicationRule,
} from "../quickcount/quickcount.server.ts";
import { DEFAULT_SAMPLE_SIZE, drawSchema, quickCountForm, ruleSchema } from "../quickcount/quickcount-schema.ts";
import { FieldErrors, FormAnswer, fieldProps, formProps, useZodForm } from "../ui/form-reply.tsx";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDateTime, formatNumber } from "../i18n/format.ts";
import { ElectionSwitch } from "../ui/election-switch.tsx";
import { Coverage, EstimatesTable } from "../ui/quickcount.tsx";
import { SampleFacts } from "../ui/quickcount-sample.tsx";

export const meta: MetaFunction = () => [{ title: "การนับเร็ว / Quick count" }];

// The war room's quick count: draw and commit the sample (once, before polls open), the
// publication rule, and the estimates as they stand — internal before the close.
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "warroom:manage");
  const { election, elections, query } = await electionChoice(request);
  const now = new Date();
  const sample = await sampleView(election, { reveal: true });
  return {
    election: election.slug,
    elections,
    query,
    closesAt: election.closesAt.toISOString(),
    pollsOpenAt: pollsOpenAt(election).toISOString(),
    canDraw: !sample && now < pollsOpenAt(election),
    published: now >= election.closesAt,
    sample,
    estimates: sample ? await estimatesOf(election) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "warroom:manage");
  const election = await requestElection(request);
  const submission = await readForm(request, quickCountForm);
  if (submission.status !== "success") return formInvalid(submission, { intent: submission.payload.intent ?? null });
  const input = submission.value;
  return answerForm(
    async () => {
      if (input.intent === "draw") {
        const drawn = await drawAndCommit(election, { size: input.size, seed: input.seed }, user.id);
        return formDone({ key: "quickcount.draw.done", params: { units: drawn.units } }, { intent: "draw" });
      }
      await setPublicationRule(election.id, {
        sampleShare: input.sampleShare / 100,
        strataShare: input.strataShare / 100,
      });
      return formDone("quickcount.rule.saved", { intent: "rule" });
    },
    { intent: input.intent, submission: submission.reply() },
  );
}

export default function QuickCount() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const [drawForm, drawFields] = useZodForm(drawSchema, reply?.intent === "draw" ? reply : null);
  const [ruleForm, ruleFields] = useZodForm(ruleSchema, reply?.intent === "rule" ? reply : null);
  const when = (iso: string) => formatDateTime(iso, locale);
  return (
    <>
      <section className="card" aria-labelledby="qc-title">
        <h1 id="qc-title">{t("quickcount.title")}</h1>
        <ElectionSwitch elections={d.elections} current={d.election} path="/command/quickcount" />
        <p>{t("quickcount.intro")}</p>
        {!d.published && <p className="notice">{t("quickcount.internal", { at: when(d.closesAt) })}</p>}
        <FormAnswer reply={reply} />
        {!d.sample && !d.canDraw && <p role="alert">{t("quickcount.tooLateToDraw", { at: when(d.pollsOpenAt) })}</p>}
        {!d.sample && <p data-testid="qc-state">{t("quickcount.notDrawn")}</p>}
      </section>
      {d.canDraw && (
        <section className="card" aria-labelledby="qc-draw">
          <h2 id="qc-draw">{t("quickcount.draw.title")}</h2>
          <p>
            <strong>{t("quickcount.draw.warning", { at: when(d.pollsOpenAt) })}</strong>
          </p>
          <Form method="post" {...formProps(drawForm)} className="stack" data-testid="qc-draw-form">
            <input type="hidden" name="intent" value="draw" />
            <NumberField
              field={drawFields.size}
              id="qc-size"
              label={t("quickcount.draw.size")}
              hint={t("quickcount.draw.sizeHint")}
              current={String(DEFAULT_SAMPLE_SIZE)}
            />
            <NumberField
              field={drawFields.seed}
              id="qc-seed"
              label={t("quickcount.draw.seed")}
              hint={t("quickcount.draw.seedHint")}
            />
            <button type="submit" className="primary">
              {t("quickcount.draw.submit")}
            </button>
          </Form>
        </section>
      )}
      {d.sample && (
        <section className="card" aria-labelledby="qc-sample">
          <h2 id="qc-sample">{t("quickcount.sample.title")}</h2>
          <SampleFacts sample={d.sample} />
          <p>
            <Link to={`/audit/quickcount${d.query}`}>{t("quickcount.audit.title")}</Link> ·{" "}
            <a href={`/audit/quickcount.json${d.query}`} download>
              {t("quickcount.sample.download")}
            </a>
          </p>
        </section>
      )}
      {d.sample && (
        <section className="card" aria-labelledby="qc-rule">
          <h2 id="qc-rule">{t("quickcount.rule.title")}</h2>
          <p>{t("quickcount.rule.explain")}</p>
          <Form method="post" {...formProps(ruleForm)} className="stack" data-testid="qc-rule-form">
            <input type="hidden" name="intent" value="rule" />
            <NumberField
              field={ruleFields.sampleShare}
              id="qc-sample-share"
              label={t("quickcount.rule.sampleShare")}
              current={String(Math.round(100 * d.sample.publishSampleShare))}
            />
            <NumberField
              field={ruleFields.strataShare}
              id="qc-strata-share"
              label={t("quickcount.rule.strataShare")}
              current={String(Math.round(100 * d.sample.publishStrataShare))}
            />
            <button type="submit">{t("quickcount.rule.save")}</button>
          </Form>
        </section>
      )}
      {d.estimates && (
        <section className="card" aria-labelledby="qc-estimates">
          <h2 id="qc-estimates">
            {d.estimates.contest.kind === "party_list"
              ? t("quickcount.trend.title")
              : t("quickcount.trend.titleOther", {
                  contest: locale === "th" ? d.estimates.contest.nameTh : d.estimates.contest.nameEn,
                })}
          </h2>
          <Coverage coverage={d.estimates.coverage} />
          <p data-testid="qc-rule-state">
            {t(d.estimates.rule.met ? "quickcount.trend.published" : "quickcount.trend.notYet", {
              sample: formatNumber(Math.round(100 * d.estimates.rule.sampleShare), locale),
              strata: formatNumber(Math.round(100 * d.estimates.rule.strataShare), locale),
            })}
          </p>
          <EstimatesTable estimates={d.estimates} />
        </section>
      )}
    </>
  );
}

/** A whole-number field of these forms: labelled, its hint and error wired, holding what was
 *  typed after a refusal, else the value in force. */
function NumberField(props: {
  field: FieldMetadata<string | undefined>;
  id: string;
  label: string;
  hint?: string;
  current?: string;
}) {
  const typed = props.field.initialValue;
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        {...fieldProps(props.field, props.id, props.hint ? `${props.id}-hint` : undefined)}
        defaultValue={typeof typed === "string" ? typed : props.current}
        inputMode="numeric"
      />
      {props.hint && (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      <FieldErrors field={props.field} id={props.id} />
    </>
  );
}
