import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { myAssignments } from "../assignment/views.server.ts";
import { respondToAssignment } from "../assignment/placement.server.ts";
import { canServeWarRoom, cancelShift, listShifts, myShifts, signUpForShift } from "../warroom/shifts.server.ts";
import { requireUser } from "../http/guards.server.ts";
import { formatThaiMobile } from "../accounts/phone.ts";
import { myVolunteerRecord, setContactConsent } from "../recruitment/self-service.server.ts";
import { answerInvitation, myInvitations } from "../recruitment/invitations.server.ts";
import { CONSENT_TEXTS } from "../recruitment/consent.ts";
import { maskNationalId } from "../recruitment/national-id.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatDate, formatDateTime, formatTime } from "../i18n/format.ts";
import { answerForm, formDone, formRefused, formRefusedFirst, readForm } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const volunteer = await myVolunteerRecord(user.id);
  const [assignments, warRoom] = volunteer
    ? await Promise.all([myAssignments(volunteer.id), canServeWarRoom(volunteer.id)])
    : [[], false];
  const [shifts, mine] = warRoom && volunteer ? await Promise.all([listShifts(), myShifts(volunteer.id)]) : [[], []];
  const invitations = await myInvitations(user.id);
  return {
    invitations: invitations.map((i) => ({
      id: i.id,
      organisation: i.organisation,
      fullName: i.fullName,
      birthDate: i.birthDate.toISOString().slice(0, 10),
      tiers: i.tiers,
      nationalId: i.nationalIdLast4 ? maskNationalId(i.nationalIdLast4) : null,
    })),
    assignments,
    shifts: shifts.map((s) => ({
      id: s.id,
      name: s.name,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      seats: s.seats,
      taken: s.taken,
    })),
    myShifts: Object.fromEntries(mine.map((m) => [m.shiftId, m.status])),
    warRoom,
    phone: formatThaiMobile(user.phone),
    roles: user.roles.map((r) => r.role),
    volunteer: volunteer && {
      nationalId: volunteer.nationalIdLast4 ? maskNationalId(volunteer.nationalIdLast4) : null,
      affiliations: volunteer.affiliations.map((a) => ({
        id: a.id,
        organisation: a.organisation,
        status: a.status,
        statusReason: a.statusReason,
        fullName: a.fullName,
        tiers: a.tiers,
        isStudent: a.isStudent,
      })),
      consents: volunteer.consents.map((c) => ({
        kind: c.kind,
        version: c.version,
        givenAt: c.givenAt.toISOString(),
        withdrawn: !!c.withdrawnAt,
      })),
    },
  };
}

const meForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("contact"), contact: z.enum(["give", "withdraw"]) }),
  z.object({
    intent: z.literal("invitation"),
    answer: z.enum(["accept", "decline"]),
    invitationId: z.string().max(100),
  }),
  z.object({ intent: z.literal("respond"), answer: z.enum(["accept", "decline"]), election: z.uuid() }),
  z.object({ intent: z.literal("shift"), what: z.enum(["signup", "cancel"]), shiftId: z.uuid() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = await readForm(request, meForm);
  if (submission.status !== "success") return formRefusedFirst(submission);
  const input = submission.value;
  return answerForm(async () => {
    if (input.intent === "contact") {
      await setContactConsent(user.id, input.contact === "give");
      return formDone(null);
    }
    if (input.intent === "invitation") {
      await answerInvitation(user.id, input.invitationId, input.answer === "accept");
      return formDone(input.answer === "accept" ? "invitations.accepted" : "invitations.declined");
    }
    const volunteer = await myVolunteerRecord(user.id);
    if (!volunteer) return formRefused("form.badRequest");
    if (input.intent === "respond") {
      await respondToAssignment(input.election, volunteer.id, input.answer === "accept");
      return formDone(input.answer === "accept" ? "assignment.acceptedNotice" : "assignment.declined");
    }
    if (input.what === "signup") await signUpForShift(volunteer.id, input.shiftId);
    else await cancelShift(volunteer.id, input.shiftId);
    return formDone(null);
  });
}

export default function Me() {
  const {
    phone,
    roles,
    volunteer,
    assignments,
    shifts,
    myShifts: mine,
    warRoom,
    invitations,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      {params.get("joined") && (
        <p className="notice" role="status">
          {t("signup.joined")}
        </p>
      )}
      <section className="card" aria-labelledby="me-title">
        <h1 id="me-title">{t("me.title")}</h1>
        <p className="badge succeeded">{t("me.signedIn")}</p>
        <dl>
          <dt>{t("me.phone")}</dt>
          <dd data-testid="my-phone">{phone}</dd>
          {volunteer?.nationalId && (
            <>
              <dt>{t("signup.nationalId")}</dt>
              <dd>{volunteer.nationalId}</dd>
            </>
          )}
          <dt>{t("me.roles")}</dt>
          <dd>
            {roles.length
              ? roles.map((r) => t(`roles.${r}`)).join(", ")
              : volunteer
                ? t("me.volunteer")
                : t("me.noRoles")}
          </dd>
        </dl>
        {volunteer && volunteer.affiliations.length > 0 && (
          <section aria-labelledby="next-title" data-testid="next-steps">
            <h2 id="next-title">{t("me.next.title")}</h2>
            <ul>
              {volunteer.affiliations.map((a) => {
                const org = a.organisation
                  ? locale === "th"
                    ? a.organisation.nameTh
                    : a.organisation.nameEn
                  : t("me.next.warRoom");
                const state =
                  a.status === "approved" ? (assignments.length ? "placed" : "approved") : (a.status as string);
                return (
                  <li key={a.id} data-status={a.status}>
                    {t(`me.next.${state}`, { org, reason: a.statusReason ?? "" })}
                  </li>
                );
              })}
            </ul>
          </section>
        )}
        {!volunteer && (
          <Link to="/join" className="button">
            {t("home.volunteer")}
          </Link>
        )}
      </section>
      <FormAnswer reply={result} />
      {invitations.map((invitation) => (
        <section
          key={invitation.id}
          className="card"
          aria-labelledby={`invitation-${invitation.id}`}
          data-testid="invitation"
        >
          <h2 id={`invitation-${invitation.id}`}>
            {t("invitations.title", {
              name: locale === "th" ? invitation.organisation.nameTh : invitation.organisation.nameEn,
            })}
          </h2>
          <p>{t("invitations.intro")}</p>
          <dl className="details">
            <dt>{t("signup.fullName")}</dt>
            <dd>{invitation.fullName}</dd>
            <dt>{t("invitations.birthDate")}</dt>
            <dd>{formatDate(invitation.birthDate, locale)}</dd>
            {invitation.nationalId && (
              <>
                <dt>{t("signup.nationalId")}</dt>
                <dd>{invitation.nationalId}</dd>
              </>
            )}
            <dt>{t("invitations.tiers")}</dt>
            <dd>{invitation.tiers.map((tier) => t(`signup.tier.${tier}`)).join(", ")}</dd>
          </dl>
          <p className="hint">
            {locale === "th" ? CONSENT_TEXTS.data_processing.th : CONSENT_TEXTS.data_processing.en}
          </p>
          <YesOrNo
            fields={{ intent: "invitation", invitationId: invitation.id }}
            yes={t("invitations.accept")}
            no={t("invitations.decline")}
          />
        </section>
      ))}
      {volunteer && (
        <section className="card" aria-labelledby="unit-title" data-testid="my-unit">
          <h2 id="unit-title">{t("assignment.myUnit")}</h2>
          {assignments.length === 0 ? (
            <p>{t("assignment.none")}</p>
          ) : (
            assignments.map((assignment) => (
              <article key={assignment.election.id} data-testid="my-place" className="my-place">
                {assignments.length > 1 && (
                  <h3>{locale === "th" ? assignment.election.nameTh : assignment.election.nameEn}</h3>
                )}
                <p>
                  <strong>{t(`assignment.role.${assignment.slot}`)}</strong> ·{" "}
                  <span className={`badge ${assignment.status === "accepted" ? "approved" : "pending"}`}>
                    {t(`assignment.status.${assignment.status}`)}
                  </span>
                </p>
                <dl className="details">
                  <dt>{t("assignment.code")}</dt>
                  <dd className="mono">{assignment.code}</dd>
                  <dt>{t("assignment.unitNo", { n: assignment.number })}</dt>
                  <dd>{locale === "th" ? assignment.addressTh : assignment.addressEn}</dd>
                </dl>
                {assignment.mapUrl && (
                  <p>
                    <a href={assignment.mapUrl} target="_blank" rel="noreferrer">
                      {t("assignment.map")} ↗
                    </a>
                  </p>
                )}
                {assignment.status === "offered" && (
                  <YesOrNo
                    fields={{ intent: "respond", election: assignment.election.id }}
                    yes={t("assignment.accept")}
                    no={t("assignment.decline")}
                  />
                )}
              </article>
            ))
          )}
        </section>
      )}
      {warRoom && (
        <section className="card" aria-labelledby="shift-title">
          <h2 id="shift-title">{t("warroom.title")}</h2>
          {shifts.length === 0 ? (
            <p>{t("warroom.noShifts")}</p>
          ) : (
            <ul className="plain-list">
              {shifts.map((s) => (
                <li key={s.id} data-testid="shift">
                  <strong>{s.name}</strong> · {formatDateTime(s.startsAt, locale)}–{formatTime(s.endsAt, locale)} ·{" "}
                  {t("warroom.seats", { taken: s.taken, seats: s.seats })}
                  {mine[s.id] && (
                    <>
                      {" "}
                      · <span className="badge approved">{t(`warroom.status.${mine[s.id]}`)}</span>
                    </>
                  )}
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="shift" />
                    <input type="hidden" name="shiftId" value={s.id} />
                    {mine[s.id] ? (
                      mine[s.id] !== "checked_in" && (
                        <button type="submit" name="what" value="cancel">
                          {t("warroom.cancel")}
                        </button>
                      )
                    ) : s.taken >= s.seats ? (
                      <span className="hint">{t("warroom.full")}</span>
                    ) : (
                      <button type="submit" name="what" value="signup" className="primary">
                        {t("warroom.signUp")}
                      </button>
                    )}
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {volunteer && (
        <section className="card" aria-labelledby="aff-title">
          <h2 id="aff-title">{t("me.affiliations")}</h2>
          <ul className="plain-list">
            {volunteer.affiliations.map((a) => (
              <li key={a.id} data-testid="affiliation">
                <strong>
                  {a.organisation
                    ? locale === "th"
                      ? a.organisation.nameTh
                      : a.organisation.nameEn
                    : t("signup.independent")}
                </strong>{" "}
                <span className={`badge ${a.status}`}>{t(`roster.status.${a.status}`)}</span>
                {a.statusReason && <span className="hint"> — {a.statusReason}</span>}
                <div className="hint">
                  {a.fullName} · {a.tiers.map((tier) => t(`signup.tier.${tier}`)).join(", ")}
                  {a.isStudent ? ` · ${t("roster.student")}` : ""}
                </div>
              </li>
            ))}
          </ul>
          <div className="actions">
            <Link to="/join" className="button secondary">
              {t("me.joinAnother")}
            </Link>
          </div>
        </section>
      )}
      {volunteer && (
        <section className="card" aria-labelledby="consent-title">
          <h2 id="consent-title">{t("me.consents")}</h2>
          <ul className="plain-list" data-testid="consents">
            {volunteer.consents.map((c, i) => (
              <li key={i}>
                {t(`me.consentKind.${c.kind}`)} · {t("me.consentVersion", { version: c.version })} ·{" "}
                {formatDate(c.givenAt, locale)}
                {c.withdrawn && <span className="badge failed"> {t("me.withdrawn")}</span>}
              </li>
            ))}
          </ul>
          <Form method="post">
            <input type="hidden" name="intent" value="contact" />
            {volunteer.consents.some((c) => c.kind === "post_election_contact" && !c.withdrawn) ? (
              <button type="submit" name="contact" value="withdraw">
                {t("me.withdrawContact")}
              </button>
            ) : (
              <button type="submit" name="contact" value="give">
                {t("me.giveContact")}
              </button>
            )}
          </Form>
        </section>
      )}
      <section className="card" aria-labelledby="data-title">
        <h2 id="data-title">{t("me.myData")}</h2>
        <p className="hint">{t("me.myDataHelp")}</p>
        <div className="actions">
          <a href="/me/export" className="button secondary" download>
            {t("me.export")}
          </a>
        </div>
        <Form method="post" action="/me/erase" className="erase">
          <label className="check">
            <input type="checkbox" name="confirm" value="yes" required /> {t("me.eraseConfirm")}
          </label>
          <button type="submit" className="primary">
            {t("me.erase")}
          </button>
        </Form>
      </section>
    </>
  );
}

/** An offer answered yes or no (answer=accept|decline), with the fields that name it. */
function YesOrNo(props: { fields: Record<string, string>; yes: string; no: string }) {
  return (
    <Form method="post" className="actions">
      {Object.entries(props.fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" name="answer" value="accept" className="primary">
        {props.yes}
      </button>
      <button type="submit" name="answer" value="decline">
        {props.no}
      </button>
    </Form>
  );
}
