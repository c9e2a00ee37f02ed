import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../http/guards.server.ts";
import { createOutlet, listOutlets, revokeOutlet } from "../results/feed.server.ts";
import { decideKeyRequest, keyRequests } from "../results/key-requests.server.ts";
import { baseUrl } from "../organisations/organisations.server.ts";
import { formatDateTime } from "../i18n/format.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { answerForm, formDone, formRefused, readForm } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";

export const meta: MetaFunction = () => [{ title: "สื่อ / Media keys" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "organisations:manage");
  const [outlets, requests] = await Promise.all([listOutlets(), keyRequests()]);
  return {
    requests: requests.map((r) => ({
      id: r.id,
      outletName: r.outletName,
      contactName: r.contactName,
      email: r.email,
      website: r.website,
      purpose: r.purpose,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
    })),
    outlets: outlets.map((o) => ({
      id: o.id,
      name: o.name,
      revoked: !!o.revokedAt,
      createdAt: o.createdAt.toISOString(),
    })),
  };
}

const mediaForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["approve", "refuse"]), id: z.uuid() }),
  z.object({ intent: z.literal("create"), name: z.string().max(200).optional() }),
  z.object({ intent: z.literal("revoke"), id: z.uuid() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "organisations:manage");
  const submission = await readForm(request, mediaForm);
  if (submission.status !== "success") return formRefused("form.badRequest", 400, { key: null });
  const input = submission.value;
  return answerForm(
    async () => {
      if (input.intent === "approve" || input.intent === "refuse") {
        await decideKeyRequest(input.id, input.intent === "approve", user.id, baseUrl());
        return formDone(null, { key: null });
      }
      if (input.intent === "create") return formDone(null, { key: await createOutlet(input.name ?? "") });
      await revokeOutlet(input.id);
      return formDone(null, { key: null });
    },
    { key: null },
  );
}

export default function MediaKeys() {
  const { outlets, requests } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="media-title">
      <h1 id="media-title">{t("results.media")}</h1>
      <p>
        <a href="/api/v1/openapi.json">OpenAPI</a>
      </p>
      {result?.key && (
        <p className="notice" role="status">
          {t("results.keyOnce")}: <code data-testid="new-key">{result.key}</code>
        </p>
      )}
      <FormAnswer reply={result} />
      <h2>{t("keyRequest.pending")}</h2>
      <ul className="plain-list" data-testid="key-requests">
        {requests.map((r) => (
          <li key={r.id}>
            <strong>{r.outletName}</strong> · {r.contactName} · {r.email}
            {r.website && <> · {r.website}</>} · <span className="hint">{formatDateTime(r.createdAt, locale)}</span>
            <br />
            {r.purpose} <span className="badge">{t(`keyRequest.status.${r.status}`)}</span>
            {r.status === "pending" && (
              <Form method="post" className="inline-form">
                <input type="hidden" name="id" value={r.id} />
                <button type="submit" name="intent" value="approve" className="button">
                  {t("keyRequest.approve")}
                </button>
                <button type="submit" name="intent" value="refuse" className="button secondary">
                  {t("keyRequest.refuse")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <h2>{t("results.media")}</h2>
      <ul className="plain-list">
        {outlets.map((o) => (
          <li key={o.id}>
            <Form method="post" className="inline-form">
              {o.name} {o.revoked && <span className="badge failed">{t("results.revoke")}</span>}
              <input type="hidden" name="id" value={o.id} />
              {!o.revoked && (
                <button type="submit" name="intent" value="revoke" className="link-button">
                  {t("results.revoke")}
                </button>
              )}
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post" className="inline-form">
        <label htmlFor="name">{t("results.outletName")}</label>
        <input id="name" name="name" required maxLength={120} />
        <button type="submit" name="intent" value="create">
          {t("results.createKey")}
        </button>
      </Form>
    </section>
  );
}
