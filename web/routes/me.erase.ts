import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readForm } from "../http/form.server.ts";
import { redirect } from "@remix-run/node";
import { requireUser } from "../http/guards.server.ts";
import { destroySession } from "../accounts/session.server.ts";
import { eraseMe } from "../recruitment/self-service.server.ts";
import { bilingual } from "../i18n/i18n.ts";

/** PDPA erasure of the signed-in person (needs the confirmation box ticked). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = await readForm(request, z.object({ confirm: z.literal("yes") }));
  if (submission.status !== "success") {
    const m = bilingual("erase.confirm");
    return new Response(`${m.th} / ${m.en}`, { status: 400 });
  }
  // Erased first: the person stays signed in if it fails (their sessions go with the account).
  await eraseMe(user.id);
  const cookie = await destroySession(request.headers.get("cookie"));
  return redirect("/?erased=1", { headers: { "Set-Cookie": cookie } });
}

export const loader = () => redirect("/me");
