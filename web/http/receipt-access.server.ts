// Who may see a donation's receipt (its page and its PDF): whoever holds the thank-you
// link's token (?t=), or the donor signed in with the donation's phone.
import { getSessionUser } from "./guards.server.ts";
import { UserError } from "../errors.ts";

export async function receiptAccess(request: Request): Promise<{ token: string } | { phone: string }> {
  const token = new URL(request.url).searchParams.get("t");
  if (token) return { token };
  const user = await getSessionUser(request);
  if (!user) throw new UserError(404, "donate.errors.notFound");
  return { phone: user.phone };
}
