// User errors at the HTTP edge, in one place: a domain function throws a UserError (a 4xx
// status, an i18n key and its values); the route turns it into the page's answer with
// that status — the message is translated where it is shown — or into a plain 404/403.
import { data } from "@remix-run/node";
import { isUserError, type UserError } from "../errors.ts";

/** The answer's error, as every form reads it: the i18n key and the values it needs. */
export interface ErrorReply {
  error: { code: string; params: Record<string, string | number> };
}

/** A user error as the form's answer (with `extra` fields), carrying the error's status. */
export function userErrorReply<T extends object = object>(error: UserError, extra?: T) {
  return data<T & ErrorReply>(
    { ...(extra as T), error: { code: error.code, params: error.params } },
    {
      status: error.status,
    },
  );
}

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
