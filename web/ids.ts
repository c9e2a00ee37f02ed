// Ids from URLs and forms, checked before they reach a query: PostgreSQL refuses a uuid
// that is not one with an error (a 500), so anything else is simply not found.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (id: unknown): id is string => typeof id === "string" && UUID.test(id);

/** PostgreSQL's integer: a count, a sequence number or a version from a URL beyond it is
 *  not one that exists. */
export const INT4_MAX = 2_147_483_647;
export const isRowNumber = (n: number) => Number.isInteger(n) && n >= 0 && n <= INT4_MAX;
