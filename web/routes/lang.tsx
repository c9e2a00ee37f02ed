import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { safeRedirect } from "../accounts/login-form.ts";

const schema = z.object({ lang: z.enum(["th", "en"]), redirectTo: z.string().optional() });

/** Switches the language (a plain form post: works before JavaScript loads). */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return new Response("Unknown language / ไม่รู้จักภาษานี้", { status: 400 });
  return redirect(safeRedirect(parsed.data.redirectTo, "/"), {
    headers: { "Set-Cookie": `lang=${parsed.data.lang}; Path=/; Max-Age=31536000; SameSite=Lax` },
  });
}

export const loader = () => redirect("/");
