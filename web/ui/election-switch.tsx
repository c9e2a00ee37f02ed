import { Link } from "@remix-run/react";
import { useLocale, useT } from "./i18n.tsx";

/** Links between the day's elections where there is more than one (the current one first,
 *  without a query: it is the default). */
export function ElectionSwitch(props: {
  elections: { slug: string; nameTh: string; nameEn: string }[];
  current: string;
  path: string;
}) {
  const t = useT();
  const locale = useLocale();
  if (props.elections.length < 2) return null;
  return (
    <nav aria-label={t("elections.switch")} className="election-switch" data-testid="election-switch">
      {props.elections.map((e, i) => (
        <Link
          key={e.slug}
          to={i === 0 ? props.path : `${props.path}?election=${encodeURIComponent(e.slug)}`}
          className={`button ${e.slug === props.current ? "" : "secondary"}`}
          aria-current={e.slug === props.current ? "page" : undefined}
        >
          {locale === "th" ? e.nameTh : e.nameEn}
        </Link>
      ))}
    </nav>
  );
}
