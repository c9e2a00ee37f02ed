// A picture of a count form (rows of lines and a few dark boxes, as a phone photographs
// one), as PNG bytes; `doctor` changes one "figure" box, as a doctored copy would.
import { PNG } from "pngjs";

export function formImage(seed: number, doctor = false): Buffer {
  const png = new PNG({ width: 240, height: 320 });
  for (let y = 0; y < 320; y++)
    for (let x = 0; x < 240; x++) {
      const i = (y * 240 + x) * 4;
      // Ruled rows, a margin, and boxes whose place depends on the form (seed).
      const row = y % 24 < 2;
      const box = (Math.floor(y / 24) * 7 + seed) % 5 === 0 && x > 140 && x < 140 + ((seed * 13 + y) % 60);
      const changed = doctor && y > 200 && y < 216 && x > 150 && x < 190;
      const v = changed ? 0 : row || x < 12 || box ? 30 : 235;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = v;
      png.data[i + 3] = 255;
    }
  return PNG.sync.write(png);
}
