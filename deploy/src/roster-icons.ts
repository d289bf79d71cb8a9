import { PNG } from 'pngjs';

/** Roster's accent colour: the colour icon's background and the manifest's `accentColor`. */
export const accentColor = '#1E6B5C';

/** The icon files the manifest names, with the sizes Teams requires. */
export const iconFiles = {
  color: { file: 'color.png', size: 192 },
  outline: { file: 'outline.png', size: 32 },
} as const;

/** A point of the glyph's unit square is inside a shape. */
type Shape = (x: number, y: number) => boolean;

const disc =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

/** A horizontal bar with round ends. */
function pill(x0: number, x1: number, cy: number, halfHeight: number): Shape {
  const left = disc(x0 + halfHeight, cy, halfHeight);
  const right = disc(x1 - halfHeight, cy, halfHeight);
  return (x, y) =>
    (x >= x0 + halfHeight && x <= x1 - halfHeight && Math.abs(y - cy) <= halfHeight) ||
    left(x, y) ||
    right(x, y);
}

/** The roster: three people, each a head beside a line, as a list of names reads. */
const rows = [0.14, 0.5, 0.86];
const glyph: readonly Shape[] = rows.flatMap((cy, row) => [
  disc(0.12, cy, 0.12),
  pill(0.34, row === 0 ? 1 : 0.86, cy, 0.085),
]);

/** The glyph's coverage of one pixel (0–1), from 8 × 8 samples. */
function coverage(px: number, py: number, box: { offset: number; size: number }): number {
  const samples = 8;
  let inside = 0;
  for (let i = 0; i < samples; i += 1) {
    for (let j = 0; j < samples; j += 1) {
      const x = (px + (i + 0.5) / samples - box.offset) / box.size;
      const y = (py + (j + 0.5) / samples - box.offset) / box.size;
      if (glyph.some((shape) => shape(x, y))) inside += 1;
    }
  }
  return inside / samples ** 2;
}

function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

/** The colour icon: a white glyph on the accent colour, 192 × 192, the glyph in the middle 96. */
export function drawColorIcon(): Buffer {
  const { size } = iconFiles.color;
  const background = rgb(accentColor);
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const a = coverage(x, y, { offset: 48, size: 96 });
      const at = (y * size + x) * 4;
      background.forEach((channel, c) => {
        png.data[at + c] = Math.round(channel * (1 - a) + 255 * a);
      });
      png.data[at + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** The outline icon: the glyph in white on transparent, 32 × 32, with a 4-pixel margin. */
export function drawOutlineIcon(): Buffer {
  const { size } = iconFiles.outline;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const at = (y * size + x) * 4;
      png.data[at] = 255;
      png.data[at + 1] = 255;
      png.data[at + 2] = 255;
      png.data[at + 3] = Math.round(255 * coverage(x, y, { offset: 4, size: 24 }));
    }
  }
  return PNG.sync.write(png);
}
