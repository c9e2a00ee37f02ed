/** The roles a platform admin gives within a partner organisation: its admins, and its
 *  fact-checkers at the rumour desk (issue 42). */
export const ORGANISATION_ROLES = ["org_admin", "fact_checker"] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];
