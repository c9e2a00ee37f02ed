import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "../http/feed.server.ts";
import { bilingual } from "../i18n/i18n.ts";
import { evidenceOf, SHA256_HEX } from "../evidence/evidence.server.ts";

// GET /api/v1/evidence/<sha256>: a count photo's leaf, proof, batch and chain — public,
// no key: the audit page and anyone else check it against the chain themselves.
export async function loader({ params }: LoaderFunctionArgs) {
  const sha256 = (params.sha256 ?? "").toLowerCase().replace(/^0x/, "");
  if (!SHA256_HEX.test(sha256)) return json({ error: "audit.badHash", message: bilingual("audit.badHash") }, 400);
  const evidence = await evidenceOf(sha256);
  if (!evidence) return json({ error: "audit.noMatch", message: bilingual("audit.noMatch") }, 404);
  return json(evidence);
}
