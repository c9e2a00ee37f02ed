import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrganisationPermission } from "../http/guards.server.ts";
import { queueRosterImport, recentRosterImports } from "../recruitment/roster-import-job.server.ts";
import { isUserError, UserError } from "../errors.ts";
import { ErrorMessage, useT } from "../ui/i18n.tsx";
import { RecentImports } from "../ui/import-status.tsx";
import { useIsPending } from "../ui/use-is-pending.ts";
import { userErrorReply } from "../http/user-errors.server.ts";

export const meta: MetaFunction = () => [{ title: "นำเข้ารายชื่อ / Roster import" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrganisationPermission(request, params.slug, "roster:manage");
  const imports = await recentRosterImports(organisation.id);
  return {
    slug: organisation.slug,
    imports: imports.map((i) => ({
      id: i.id,
      fileName: i.fileName,
      status: i.status,
      rowsRead: i.rowsRead,
      invalid: i.invalid,
      createdAt: i.createdAt.toISOString(),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireOrganisationPermission(request, params.slug, "roster:manage");
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    return data({ error: { code: "upload.missing" } }, { status: 400 });
  }
  try {
    // The consent box comes before the file in the form, so it is known before the file
    // is stored; the file streams to (encrypted) storage and is never held in memory.
    let consent = false;
    const form = await unstable_parseMultipartFormData(request, async ({ name, filename, data: body, contentType }) => {
      if (name === "consent") {
        for await (const _ of body) consent = true;
        return "on";
      }
      if (name !== "file" || !filename) return undefined;
      if (!consent) throw new UserError(400, "imports.consent");
      if (!/\.csv$/i.test(filename) && !/csv|text\/plain|excel/.test(contentType))
        throw new UserError(415, "upload.notCsv");
      const row = await queueRosterImport(organisation.id, filename, body, user.id);
      return row.id;
    });
    if (form.get("consent") !== "on") throw new UserError(400, "imports.consent");
    const id = form.get("file");
    if (typeof id !== "string") throw new UserError(400, "upload.missing");
    return redirect(`/org/${organisation.slug}/imports/${id}`);
  } catch (error) {
    if (isUserError(error)) return userErrorReply(error);
    throw error;
  }
}

export default function RosterImports() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useIsPending({ includeLoading: false });
  const t = useT();
  return (
    <>
      <p>
        <Link to={`/org/${d.slug}/roster`}>← {t("roster.back")}</Link>
      </p>
      <section className="card" aria-labelledby="import-title">
        <h1 id="import-title">{t("imports.title")}</h1>
        <p className="hint">{t("imports.help")}</p>
        <Form method="post" encType="multipart/form-data">
          <label className="check">
            <input type="checkbox" name="consent" required /> {t("imports.consent")}
          </label>
          <label htmlFor="file">{t("imports.file")}</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required />
          <ErrorMessage error={result?.error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t("imports.upload")}
            </button>
          </div>
        </Form>
      </section>
      <section className="card" aria-labelledby="recent-title">
        <h2 id="recent-title">{t("imports.recent")}</h2>
        <RecentImports
          imports={d.imports}
          extra={(i) => (i.invalid > 0 ? t("imports.invalid", { count: i.invalid }) : null)}
        />
      </section>
    </>
  );
}
