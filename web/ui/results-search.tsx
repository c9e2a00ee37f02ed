// The search box on every results page (a plain GET form: it works before the page's
// script runs) and the list of what it found.
import { Form, Link } from "@remix-run/react";
import { useLocale, useT } from "./i18n.tsx";
import type { SearchHit } from "../results/search.server.ts";

export function SearchBox(props: { query: string; q?: string }) {
  const t = useT();
  const election = new URLSearchParams(props.query).get("election");
  return (
    <Form method="get" action="/results/search" className="inline-form search-form" role="search">
      {election && <input type="hidden" name="election" value={election} />}
      <label htmlFor="results-q" className="visually-hidden">
        {t("search.label")}
      </label>
      <input
        id="results-q"
        name="q"
        type="search"
        defaultValue={props.q}
        placeholder={t("search.placeholder")}
        minLength={2}
        maxLength={60}
        autoComplete="off"
      />
      <button type="submit" className="button">
        {t("search.submit")}
      </button>
    </Form>
  );
}

export function SearchHits(props: { hits: SearchHit[]; query: string }) {
  const t = useT();
  const locale = useLocale();
  if (!props.hits.length) return <p data-testid="search-none">{t("search.none")}</p>;
  const suffix = (path: string) => {
    const [base, hash] = path.split("#");
    return `${base}${props.query}${hash ? `#${hash}` : ""}`;
  };
  return (
    <ul className="plain-list search-hits" data-testid="search-hits">
      {props.hits.map((h, i) => (
        <li key={`${h.kind}-${h.path}-${i}`}>
          <span className="badge">{t(`search.kind.${h.kind}`)}</span>{" "}
          <Link to={suffix(h.path)}>{locale === "th" ? h.titleTh : h.titleEn}</Link>{" "}
          <span className="hint">{locale === "th" ? h.detailTh : h.detailEn}</span>
        </li>
      ))}
    </ul>
  );
}
