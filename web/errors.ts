// An error a person can act on: an HTTP status, an i18n key for the message (Thai and
// English in web/i18n), and the values the message needs. Thrown by domain code,
// turned into a 4xx by routes; never a 5xx.
export class UserError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503; // 503: a provider we depend on is down
  readonly code: string;
  readonly params: Record<string, string | number>;
  /** What an API answer carries besides the message (a conflict's stored record, say). */
  readonly extra: Record<string, unknown>;
  constructor(
    status: UserError["status"],
    code: string,
    params: Record<string, string | number> = {},
    extra: Record<string, unknown> = {},
  ) {
    super(code);
    this.status = status;
    this.code = code;
    this.params = params;
    this.extra = extra;
  }
}

export const isUserError = (e: unknown): e is UserError => e instanceof UserError;
