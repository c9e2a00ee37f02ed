// A posted form's values as the schemas read them (the route kit's side of a form).

/** The text fields of a form (files left out). */
export const donationFormValues = (form: FormData) =>
  Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;

/** FormData → the object the schema reads (checkbox groups become arrays). */
export function signupFormValues(form: FormData) {
  const values: Record<string, unknown> = Object.fromEntries(form);
  values.tiers = form.getAll("tiers").map(String);
  return values;
}
