import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { readPngHeader } from '../src/png-header.js';
import { repositoryRoot } from '../src/repository.js';
import { accentColor, drawColorIcon, drawOutlineIcon } from '../src/roster-icons.js';

const icon = (file: string) => readFile(join(repositoryRoot, 'appPackage', file));

/** Each pixel as [r, g, b, a]. */
function pixels(png: PNG): [number, number, number, number][] {
  const result: [number, number, number, number][] = [];
  for (let at = 0; at < png.data.length; at += 4) {
    result.push([
      png.data[at] ?? 0,
      png.data[at + 1] ?? 0,
      png.data[at + 2] ?? 0,
      png.data[at + 3] ?? 0,
    ]);
  }
  return result;
}

describe('the app icons', () => {
  it('are PNGs of the sizes Teams requires: colour 192 × 192, outline 32 × 32', async () => {
    expect(readPngHeader(await icon('color.png'))).toMatchObject({ width: 192, height: 192 });
    expect(readPngHeader(await icon('outline.png'))).toMatchObject({ width: 32, height: 32 });
  });

  it('outline: white on transparent, the glyph opaque and the margin clear', async () => {
    const png = PNG.sync.read(await icon('outline.png'));
    const all = pixels(png);
    const visible = all.filter(([, , , a]) => a > 0);
    expect(visible.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
    expect(all.filter(([, , , a]) => a === 255).length).toBeGreaterThan(100);
    expect(all.filter(([, , , a]) => a === 0).length).toBeGreaterThan(400);
    const margin = all.filter((_, i) => {
      const x = i % 32;
      const y = Math.floor(i / 32);
      return x < 2 || y < 2 || x > 29 || y > 29;
    });
    expect(margin.every(([, , , a]) => a === 0)).toBe(true);
  });

  it('colour: opaque, on the accent colour, with a white glyph', async () => {
    const png = PNG.sync.read(await icon('color.png'));
    const all = pixels(png);
    expect(all.every(([, , , a]) => a === 255)).toBe(true);
    const accent = Number.parseInt(accentColor.slice(1), 16);
    const [r, g, b] = all[0] ?? [];
    expect([r, g, b]).toEqual([(accent >> 16) & 0xff, (accent >> 8) & 0xff, accent & 0xff]);
    expect(
      all.filter(([pr, pg, pb]) => pr === 255 && pg === 255 && pb === 255).length,
    ).toBeGreaterThan(1000);
  });

  it('are what npm run icons draws', async () => {
    for (const [file, drawn] of [
      ['color.png', drawColorIcon()],
      ['outline.png', drawOutlineIcon()],
    ] as const) {
      expect(PNG.sync.read(await icon(file)).data.equals(PNG.sync.read(drawn).data)).toBe(true);
    }
  });

  it('use the manifest accent colour', async () => {
    const manifest = JSON.parse(
      await readFile(join(repositoryRoot, 'appPackage', 'manifest.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(manifest['accentColor']).toBe(accentColor);
  });
});
