import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrganisationPermission } from "../http/guards.server.ts";
import { receiveRosterImport, recentRosterImports } from "../recruitment/roster-import-job.server.ts";
import { useT } from "../ui/i18n.tsx";
import { RecentImports } from "../ui/import-status.tsx";
import { useIsPending } from "../ui/use-is-pending.ts";
import { answerForm } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";
import { multipartParts } from "../http/multipart.server.ts";

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
  return answerForm(async () => {
    const row = await receiveRosterImport(multipartParts(request), organisation.id, user.id);
    return redirect(`/org/${organisation.slug}/imports/${row.id}`);
  });
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
          <FormAnswer reply={result} />
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
