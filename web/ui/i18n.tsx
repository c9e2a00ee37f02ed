import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, tFor, type Locale } from "../i18n/i18n.ts";
import type { loader as rootLoader } from "../root.tsx";

export function useLocale(): Locale {
  const data = useRouteLoaderData<typeof rootLoader>("root");
  return data?.locale ?? DEFAULT_LOCALE;
}

/** The translate function for the page's language. */
export function useT() {
  return tFor(useLocale());
}

/** Renders a UserError code returned by an action, in the page's language. */
export function ErrorMessage({
  error,
  id,
}: {
  error?: { code: string; params?: Record<string, unknown> } | null;
  id?: string;
}) {
  const t = useT();
  if (!error) return null;
  return (
    <p className="form-error" role="alert" id={id}>
      {t(`messages.${error.code}`, error.params ?? {})}
    </p>
  );
}

/** The name of a ballot's count report (contest-kinds.ts countFormOf: the ECT's form
 *  number, or null for "the count report"), to put in a label's {{form}}. */
export function countFormName(t: ReturnType<typeof useT>, number: string | null): string {
  return number ? t("report.formNumbered", { number }) : t("report.formGeneric");
}
