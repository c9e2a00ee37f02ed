// The kinds of a media feed change (ResultChange.kind), written by the result machine's
// SQL functions (result_log.sql, tally_submit_plain.sql): the unit ballot's counted figures
// moved — verified, corrected, withdrawn — or stood while its status or level changed —
// restated.
export const CHANGE_KINDS = ["verified", "corrected", "withdrawn", "restated"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
