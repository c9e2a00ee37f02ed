// The triage map (issue 42): each constituency one hexagon on the equal-area layout, as
// dark as its incidents not yet resolved are many; a tap filters the queue to it. The list
// by constituency beside it says the same in words.
import { useT } from "./i18n.tsx";
import { hexPoints, hexViewBox } from "./hex-geometry.ts";
import type { IncidentMap as IncidentMapData } from "../incidents/incidents.server.ts";

/** Active incidents → the fill: none, 1, 2–4, 5–9, 10 or more. */
const BINS = [
  { from: 0, colour: "#d4d4d4", label: "0" },
  { from: 1, colour: "#fdd0a2", label: "1" },
  { from: 2, colour: "#fd8d3c", label: "2–4" },
  { from: 5, colour: "#d94801", label: "5–9" },
  { from: 10, colour: "#7f2704", label: "10+" },
] as const;
const binOf = (n: number) => [...BINS].reverse().find((b) => n >= b.from)!;

export function IncidentMap(props: { map: IncidentMapData; hrefFor: (code: string) => string; selected?: string }) {
  const t = useT();
  const { areas, context } = props.map;
  // A head's few constituencies: their count written on the hex; the country's 400: too small.
  const numbered = areas.length <= 40;
  return (
    <div className="hex-map incident-map" data-testid="incident-map">
      <svg
        viewBox={hexViewBox([...areas.map((a) => [a.x, a.y] as const), ...context])}
        role="group"
        aria-label={t("incident.mapTitle")}
        className={numbered ? "province" : undefined}
      >
        <defs>
          <polygon id="incident-hex" points={hexPoints(0.96)} />
        </defs>
        {/* The layout's other areas: not the caller's (or not the election's), barely there. */}
        <g aria-hidden="true" fill="#f3f3f3">
          {context.map(([x, y]) => (
            <use key={`${x},${y}`} href="#incident-hex" x={x} y={y} />
          ))}
        </g>
        {areas.map((a) => {
          const bin = binOf(a.active);
          return (
            <a key={a.code} href={props.hrefFor(a.code)} data-code={a.code} data-active={a.active}>
              <title>{t("incident.mapArea", { name: a.name, active: a.active, all: a.all })}</title>
              <use
                href="#incident-hex"
                x={a.x}
                y={a.y}
                fill={bin.colour}
                stroke={props.selected === a.code ? "#1d1d1d" : undefined}
                strokeWidth={props.selected === a.code ? 0.12 : undefined}
              />
              {numbered && a.active > 0 && (
                <text
                  x={a.x}
                  y={a.y + 0.14}
                  textAnchor="middle"
                  fontSize={0.4}
                  fill={a.active >= 5 ? "#ffffff" : "#1d1d1d"}
                  aria-hidden="true"
                >
                  {a.active}
                </text>
              )}
            </a>
          );
        })}
      </svg>
      <ul className="map-legend" aria-label={t("incident.mapLegend")}>
        {BINS.map((b) => (
          <li key={b.label}>
            <span className="swatch" style={{ background: b.colour }} /> {b.label}
          </li>
        ))}
        <li className="hint">{t("incident.mapNote")}</li>
      </ul>
    </div>
  );
}
