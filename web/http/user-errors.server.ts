// User errors in loaders: a lookup that found nothing is a plain 404 (or 403) page.
// Actions answer user errors through web/http/form.server.ts.
import { isUserError } from "../errors.ts";

/** The value of `work`; a user error from it ends the request as `status` (a lookup that
 *  found nothing is a 404 page, not an error page). Anything else propagates. */
export async function orNotFound<T>(
  work: Promise<T> | (() => Promise<T>),
  message = "Not found / ไม่พบ",
  status = 404,
): Promise<T> {
  try {
    return await (typeof work === "function" ? work() : work);
  } catch (error) {
    if (isUserError(error)) throw new Response(message, { status });
    throw error;
  }
}
