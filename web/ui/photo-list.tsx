// Photos a volunteer sent with an incident or a checklist (issue 42), as staff see them:
// thumbnails side by side, each opening the photo, with its hash (to the audit page) and
// whether it is anchored yet.
import { Link } from "@remix-run/react";
import { useT } from "./i18n.tsx";

export function PhotoList(props: {
  photos: { id: string; sha256: string; anchored: boolean }[];
  /** The n-th photo's alternative text (from 1). */
  alt: (n: number) => string;
  testId?: string;
}) {
  const t = useT();
  if (!props.photos.length) return null;
  return (
    <ul className="photo-list" data-testid={props.testId}>
      {props.photos.map((p, n) => (
        <li key={p.id}>
          <a href={`/photos/${p.id}`}>
            <img src={`/photos/${p.id}`} alt={props.alt(n + 1)} loading="lazy" width={160} />
          </a>
          <br />
          <Link to={`/audit?sha256=${p.sha256}`} className="mono hint">
            {p.sha256.slice(0, 16)}…
          </Link>{" "}
          <span className="hint">{t(p.anchored ? "incident.anchored" : "incident.pending")}</span>
        </li>
      ))}
    </ul>
  );
}
