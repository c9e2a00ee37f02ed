import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { safeRedirect } from "../accounts/login-form.ts";
import { readForm } from "../http/form.server.ts";

const schema = z.object({ lang: z.enum(["th", "en"]), redirectTo: z.string().optional() });

/** Switches the language (a plain form post: works before JavaScript loads). */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = await readForm(request, schema);
  if (parsed.status !== "success") return new Response("Unknown language / ไม่รู้จักภาษานี้", { status: 400 });
  return redirect(safeRedirect(parsed.value.redirectTo, "/"), {
    headers: { "Set-Cookie": `lang=${parsed.value.lang}; Path=/; Max-Age=31536000; SameSite=Lax` },
  });
}

export const loader = () => redirect("/");
