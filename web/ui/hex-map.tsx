// The equal-area hex map of a contest's areas (issue 38): a tap opens the area; a party's
// colour where it leads on verified figures, paler while few units are verified, an
// outline where only the realtime count's provisional figures lead. The table below it
// says the same for screen readers and for anyone who would rather read.
import { Form, Link } from "@remix-run/react";
import { useT } from "./i18n.tsx";
import type { ContestMap, MapArea } from "../results/map.server.ts";
import { hexPoints, hexViewBox } from "./hex-geometry.ts";

// One hexagon, drawn once and placed at each area (a page of 400 stays small).
const HEX = "hex-cell";
const HEX_SMALL = "hex-cell-small";

/** How much of an area is verified, as the hex's opacity: never fully faint. */
const shade = (a: MapArea) => (a.units ? 0.3 + 0.7 * Math.min(1, a.verified / a.units) : 0.3);

export function HexMap(props: {
  map: ContestMap;
  province: string | null;
  query: string;
  path: string;
  /** The province chooser above the map (not in an outlet's widget). */
  chooser?: boolean;
}) {
  const t = useT();
  const { map } = props;
  const shown = props.province ? map.areas.filter((a) => a.group === props.province) : map.areas;
  if (!shown.length) return null;
  const context = props.province ? map.context.filter((c) => c[2] === props.province) : map.context;
  const href = (a: MapArea) =>
    map.areaLink === "c" ? `/results/c/${a.code}${props.query}` : `/results/a/${map.ballot}/${a.code}${props.query}`;
  const tableHref = `${props.path}/table${props.query}${props.province ? `${props.query ? "&" : "?"}province=${props.province}` : ""}`;
  const label = (a: MapArea) =>
    `${a.name}: ${
      a.leader
        ? t("map.leads", { n: a.leader.number, party: a.leader.party })
        : a.provisional
          ? t("map.leadsProvisional", { n: a.provisional.number, party: a.provisional.party })
          : t("map.nothingYet")
    } · ${t("map.verifiedShare", { pct: a.units ? Math.round((100 * a.verified) / a.units) : 0 })}`;
  const legend = new Map<string, { colour: string; count: number }>();
  for (const a of shown)
    if (a.leader) {
      const l = legend.get(a.leader.party) ?? { colour: a.leader.colour, count: 0 };
      l.count++;
      legend.set(a.leader.party, l);
    }
  return (
    <div className="hex-map" data-testid="hex-map">
      {props.chooser !== false && (
        <Form method="get" action={props.path} className="inline-form">
          {props.query &&
            [...new URLSearchParams(props.query)]
              .filter(([k]) => k !== "province")
              .map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
          <label htmlFor="map-province">{t("map.province")}</label>
          <select id="map-province" name="province" defaultValue={props.province ?? ""}>
            <option value="">{t("map.wholeCountry")}</option>
            {map.groups.map((g) => (
              <option key={g.code} value={g.code}>
                {g.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button secondary">
            {t("map.show")}
          </button>
        </Form>
      )}
      <svg
        viewBox={hexViewBox([...shown.map((a) => [a.x, a.y] as const), ...context])}
        role="group"
        aria-label={t("map.title")}
        className={props.province ? "province" : undefined}
      >
        <defs>
          <polygon id={HEX} points={hexPoints(0.96)} />
          <polygon id={HEX_SMALL} points={hexPoints(0.8)} />
        </defs>
        <g aria-hidden="true" fill="#eeeeee">
          {context.map(([x, y]) => (
            <use key={`${x},${y}`} href={`#${HEX}`} x={x} y={y} />
          ))}
        </g>
        {shown.map((a) => (
          <a key={a.code} href={href(a)} data-code={a.code} target={props.chooser === false ? "_blank" : undefined}>
            {/* The link's name for screen readers, and a tooltip where there is a pointer. */}
            <title>{label(a)}</title>
            {a.leader ? (
              <use href={`#${HEX}`} x={a.x} y={a.y} fill={a.leader.colour} fillOpacity={shade(a)} />
            ) : a.provisional ? (
              <use
                href={`#${HEX_SMALL}`}
                x={a.x}
                y={a.y}
                fill="#ffffff"
                stroke={a.provisional.colour}
                strokeWidth={0.12}
                strokeDasharray="0.15 0.08"
              />
            ) : (
              <use href={`#${HEX}`} x={a.x} y={a.y} fill="#d9d9d9" />
            )}
          </a>
        ))}
      </svg>
      <ul className="map-legend" aria-label={t("map.legend")}>
        {[...legend]
          .sort((a, b) => b[1].count - a[1].count)
          .map(([party, l]) => (
            <li key={party}>
              <span className="swatch" style={{ background: l.colour }} /> {party} {l.count}
            </li>
          ))}
        <li className="hint">{t("map.shadeNote")}</li>
      </ul>
      <p>
        <Link to={tableHref} data-testid="map-table-link">
          {t("map.table")}
        </Link>
      </p>
      {props.province && (
        <p>
          <Link to={`${props.path}${props.query}`}>{t("map.wholeCountry")}</Link>
        </p>
      )}
    </div>
  );
}

/** The map as a table: what it shows, for screen readers and for anyone who would rather
 *  read (routes/results.table.tsx). */
export function MapTable(props: { map: ContestMap; province: string | null; query: string }) {
  const t = useT();
  const { map } = props;
  const shown = props.province ? map.areas.filter((a) => a.group === props.province) : map.areas;
  const href = (a: MapArea) =>
    map.areaLink === "c" ? `/results/c/${a.code}${props.query}` : `/results/a/${map.ballot}/${a.code}${props.query}`;
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="compact" data-testid="map-table">
        <thead>
          <tr>
            <th scope="col">{t("map.area")}</th>
            <th scope="col">{t("map.leader")}</th>
            <th scope="col">{t("map.verifiedCol")}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((a) => (
            <tr key={a.code}>
              <td>
                <Link to={href(a)}>{a.name}</Link>
              </td>
              <td>
                {a.leader
                  ? `${a.leader.number} · ${a.leader.party}`
                  : a.provisional
                    ? `${a.provisional.number} · ${a.provisional.party} (${t("live.provisional")})`
                    : "—"}
              </td>
              <td>
                {a.verified}/{a.units}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
