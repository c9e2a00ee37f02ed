// The app's icons for the web app manifest (public/icons/*.png): the brand's white check
// on the primary red disc, drawn with pngjs at each size (run once; the PNGs are committed).
//   node scripts/node.mjs node --import tsx scripts/make-icons.ts
import { writeFileSync } from "node:fs";
import { PNG } from "pngjs";

const RED = [0xc1, 0x12, 0x1f];
/** Distance from p to the segment a–b. */
function toSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number) {
  const t = Math.max(
    0,
    Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
  );
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}

for (const [size, maskable] of [
  [192, false],
  [512, false],
  [512, true],
] as const) {
  const png = new PNG({ width: size, height: size });
  const c = size / 2;
  // A maskable icon fills the square (the launcher cuts its own shape); the check stays
  // inside the safe zone (80%).
  const radius = maskable ? size : size * 0.48;
  const stroke = size * 0.075;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const inside = Math.hypot(x + 0.5 - c, y + 0.5 - c) <= radius;
      const check =
        Math.min(
          toSegment(x, y, size * 0.3, size * 0.52, size * 0.44, size * 0.66),
          toSegment(x, y, size * 0.44, size * 0.66, size * 0.72, size * 0.36),
        ) <= stroke;
      const [r, g, b] = check ? [255, 255, 255] : RED;
      png.data[i] = r!;
      png.data[i + 1] = g!;
      png.data[i + 2] = b!;
      png.data[i + 3] = inside ? 255 : 0;
    }
  writeFileSync(`public/icons/icon-${size}${maskable ? "-maskable" : ""}.png`, PNG.sync.write(png));
}
console.log("icons written to public/icons");
