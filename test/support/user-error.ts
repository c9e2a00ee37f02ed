import { UserError } from "../../web/errors.ts";

/** The UserError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function userError(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error("expected a UserError");
}
