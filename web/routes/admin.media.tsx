import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../http/guards.server.ts";
import { createOutlet, listOutlets, revokeOutlet } from "../results/feed.server.ts";
import { useT } from "../ui/i18n.tsx";
import { answerForm, formDone, formRefused } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";

export const meta: MetaFunction = () => [{ title: "สื่อ / Media keys" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "organisations:manage");
  const outlets = await listOutlets();
  return {
    outlets: outlets.map((o) => ({
      id: o.id,
      name: o.name,
      revoked: !!o.revokedAt,
      createdAt: o.createdAt.toISOString(),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "organisations:manage");
  const form = Object.fromEntries(await request.formData());
  return answerForm(
    async () => {
      if (form.intent === "create") return formDone(null, { key: await createOutlet(String(form.name ?? "")) });
      const id = z.uuid().safeParse(form.id);
      if (form.intent !== "revoke" || !id.success) return formRefused("form.badRequest", 400, { key: null });
      await revokeOutlet(id.data);
      return formDone(null, { key: null });
    },
    { key: null },
  );
}

export default function MediaKeys() {
  const { outlets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
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
