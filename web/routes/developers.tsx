import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { openApiDocument } from "../results/openapi.server.ts";
import { keyRequestSchema } from "../results/key-request-schema.ts";
import { requestKey } from "../results/key-requests.server.ts";
import { answerForm, formDone, formInvalid, readForm } from "../http/form.server.ts";
import { FieldErrors, FormAnswer, fieldProps, formProps, useZodForm } from "../ui/form-reply.tsx";
import { useT } from "../ui/i18n.tsx";

export const meta: MetaFunction = () => [{ title: "สำหรับนักพัฒนาและสื่อ / Developers" }];

// The media feed for the people who use it (issue 38): what each endpoint gives, how to
// authenticate and poll, examples in curl, JavaScript and Python. The endpoints are read
// from the OpenAPI document itself, so the page and /api/v1/openapi.json never disagree.
export function loader({ request }: LoaderFunctionArgs) {
  const origin = new URL(request.url).origin;
  return {
    origin,
    endpoints: Object.entries(openApiDocument.paths).map(([path, item]) => ({
      path,
      summary: item.get.summary,
      parameters: item.get.parameters.map((p) => p.name),
    })),
  };
}

// An outlet asks for a key: an administrator approves it on /admin/media.
export async function action({ request }: ActionFunctionArgs) {
  const submission = await readForm(request, keyRequestSchema);
  if (submission.status !== "success") return formInvalid(submission);
  return answerForm(
    async () => {
      await requestKey(submission.value);
      return formDone("keyRequest.sent", { submission: submission.reply({ resetForm: true }) });
    },
    { submission: submission.reply() },
  );
}

export default function Developers() {
  const { origin, endpoints } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useZodForm(keyRequestSchema, result);
  const t = useT();
  const iframe = `<iframe src="${origin}/embed/c/10-01?lang=th" title="ผลการนับคะแนน" style="width:100%;height:420px;border:0"></iframe>`;
  const script = `<script src="${origin}/embed.js" data-embed="contest/constituency?lang=en&theme=dark&accent=1d4ed8" async></script>`;
  const curl = `curl -H "Authorization: Bearer $KEY" ${origin}/api/v1/results/national`;
  const js = `const KEY = process.env.KEY;
let after = 0;
let etag = null;
for (;;) {
  const r = await fetch(\`${origin}/api/v1/changes?after=\${after}\`, {
    headers: { authorization: \`Bearer \${KEY}\`, ...(etag ? { "if-none-match": etag } : {}) },
  });
  if (r.status === 200) {
    etag = r.headers.get("etag");
    const { changes } = await r.json();
    for (const c of changes) after = c.seq; // apply c: the unit's state and figures as of it
  }
  await new Promise((ok) => setTimeout(ok, 5000));
}`;
  const py = `import os, time, requests
key, after, etag = os.environ["KEY"], 0, None
while True:
    headers = {"Authorization": f"Bearer {key}"}
    if etag:
        headers["If-None-Match"] = etag
    r = requests.get("${origin}/api/v1/changes", params={"after": after}, headers=headers)
    if r.status_code == 200:
        etag = r.headers.get("ETag")
        for change in r.json()["changes"]:
            after = change["seq"]  # apply the change: the unit's state and figures as of it
    time.sleep(5)`;
  return (
    <>
      <section className="card prose" aria-labelledby="dev-title">
        <h1 id="dev-title">{t("developers.title")}</h1>
        <p>{t("developers.intro")}</p>
        <h2>{t("developers.keyTitle")}</h2>
        <p>{t("developers.key")}</p>
        <h2>{t("developers.racesTitle")}</h2>
        <p>{t("developers.races")}</p>
        <h2>{t("developers.rehearsalTitle")}</h2>
        <p>{t("developers.rehearsal")}</p>
        <h2>{t("developers.embargoTitle")}</h2>
        <p>{t("developers.embargo")}</p>
        <h2>{t("developers.pollTitle")}</h2>
        <ul>
          <li>{t("developers.pollSnapshot")}</li>
          <li>{t("developers.pollChanges")}</li>
          <li>{t("developers.pollEtag")}</li>
          <li>{t("developers.pollStream")}</li>
          <li>{t("developers.pollProvisional")}</li>
        </ul>
        <h2>{t("developers.examples")}</h2>
        <h3>curl</h3>
        <pre data-testid="example-curl">
          <code>{curl}</code>
        </pre>
        <h3>JavaScript</h3>
        <pre>
          <code>{js}</code>
        </pre>
        <h3>Python</h3>
        <pre>
          <code>{py}</code>
        </pre>
        <p>
          <a href="/api/v1/openapi.json">{t("developers.openapi")}</a>
        </p>
      </section>
      <section className="card prose" aria-labelledby="dev-embeds">
        <h2 id="dev-embeds">{t("developers.embedsTitle")}</h2>
        <p>{t("developers.embeds")}</p>
        <ul>
          <li className="mono">/embed/contest/&lt;contest&gt;</li>
          <li className="mono">/embed/c/&lt;constituency&gt;</li>
          <li className="mono">/embed/seats</li>
        </ul>
        <p>{t("developers.embedParams")}</p>
        <h3>iframe</h3>
        <pre data-testid="example-iframe">
          <code>{iframe}</code>
        </pre>
        <h3>{t("developers.scriptTag")}</h3>
        <pre data-testid="example-script">
          <code>{script}</code>
        </pre>
      </section>
      <section className="card" aria-labelledby="dev-request">
        <h2 id="dev-request">{t("keyRequest.title")}</h2>
        <p>{t("keyRequest.intro")}</p>
        <FormAnswer reply={result} />
        <Form method="post" {...formProps(form)} className="stack">
          <label htmlFor="outletName">{t("keyRequest.outletName")}</label>
          <input {...fieldProps(fields.outletName, "outletName")} autoComplete="organization" />
          <FieldErrors field={fields.outletName} id="outletName" />
          <label htmlFor="contactName">{t("keyRequest.contactName")}</label>
          <input {...fieldProps(fields.contactName, "contactName")} autoComplete="name" />
          <FieldErrors field={fields.contactName} id="contactName" />
          <label htmlFor="email">{t("keyRequest.email")}</label>
          <input {...fieldProps(fields.email, "email")} type="email" autoComplete="email" />
          <FieldErrors field={fields.email} id="email" />
          <label htmlFor="website">{t("keyRequest.website")}</label>
          <input {...fieldProps(fields.website, "website")} type="url" autoComplete="url" />
          <FieldErrors field={fields.website} id="website" />
          <label htmlFor="purpose">{t("keyRequest.purpose")}</label>
          <textarea {...fieldProps(fields.purpose, "purpose")} rows={3} />
          <FieldErrors field={fields.purpose} id="purpose" />
          <button type="submit" className="button">
            {t("keyRequest.submit")}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="dev-endpoints">
        <h2 id="dev-endpoints">{t("developers.endpoints")}</h2>
        <div className="table-scroll" tabIndex={0}>
          <table data-testid="endpoints">
            <thead>
              <tr>
                <th scope="col">GET</th>
                <th scope="col">{t("developers.gives")}</th>
                <th scope="col">{t("developers.parameters")}</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((e) => (
                <tr key={e.path}>
                  <td className="mono">{e.path}</td>
                  <td lang="en">{e.summary}</td>
                  <td className="mono">{e.parameters.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <Link to="/results">{t("nav.results")}</Link>
        </p>
      </section>
    </>
  );
}
