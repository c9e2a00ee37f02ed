// The pointy-top hexagon of the equal-area maps (results' contest map, the incidents'
// triage map): one polygon drawn once in <defs> and placed at each area's centre.
const R = 0.577; // a pointy-top hexagon of width 1: its circumradius
const CORNERS = [0, 1, 2, 3, 4, 5].map((i) => {
  const a = (Math.PI / 180) * (60 * i - 30);
  return [R * Math.cos(a), R * Math.sin(a)] as const;
});

/** The hexagon's corners, `scale` of a full cell (gaps between cells below 1). */
export const hexPoints = (scale: number) =>
  CORNERS.map(([dx, dy]) => `${(dx * scale).toFixed(3)},${(dy * scale).toFixed(3)}`).join(" ");

/** The SVG viewBox around cells centred at `centres`, with half a cell of margin. */
export function hexViewBox(centres: readonly (readonly [number, number, ...unknown[]])[]) {
  const xs = centres.map((c) => c[0]);
  const ys = centres.map((c) => c[1]);
  const [minX, minY] = [Math.min(...xs) - 0.6, Math.min(...ys) - 0.7];
  const [width, height] = [Math.max(...xs) + 0.6 - minX, Math.max(...ys) + 0.7 - minY];
  return `${minX.toFixed(2)} ${minY.toFixed(2)} ${width.toFixed(2)} ${height.toFixed(2)}`;
}
