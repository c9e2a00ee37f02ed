import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { openApiDocument } from "../results/openapi.server.ts";
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

export default function Developers() {
  const { origin, endpoints } = useLoaderData<typeof loader>();
  const t = useT();
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
      <section className="card" aria-labelledby="dev-endpoints">
        <h2 id="dev-endpoints">{t("developers.endpoints")}</h2>
        <div className="table-scroll">
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
