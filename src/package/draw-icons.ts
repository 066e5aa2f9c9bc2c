import type { RgbaImage } from './png-image';

/** The icon files of the app package and the Outlook ribbon, by name (all in `assets/`). */
export const ICON_FILES = {
  color: { file: 'color.png', size: 192 },
  outline: { file: 'outline.png', size: 32 },
  ribbon16: { file: 'icon-16.png', size: 16 },
  ribbon32: { file: 'icon-32.png', size: 32 },
  ribbon80: { file: 'icon-80.png', size: 80 },
} as const;

type Rgb = readonly [number, number, number];
/** Fluent's brand blue (#0F6CBD), the manifest's accent colour. */
export const BRAND_BLUE: Rgb = [0x0f, 0x6c, 0xbd];
const WHITE: Rgb = [255, 255, 255];

/** Distance from point p to segment a–b, all in unit coordinates. */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The mark: a clock face whose hands form a tick — "answered in time". Unit square coordinates (0..1). */
function isMark(x: number, y: number, scale: number): boolean {
  const r = Math.hypot(x - 0.5, y - 0.5);
  const stroke = 0.045 * scale;
  const ring = Math.abs(r - 0.3 * scale) < stroke;
  const hands =
    segmentDistance(x, y, 0.5, 0.5, 0.5, 0.5 - 0.2 * scale) < stroke ||
    segmentDistance(x, y, 0.5, 0.5, 0.5 + 0.15 * scale, 0.5 + 0.08 * scale) < stroke;
  return ring || hands;
}

function isRoundedSquare(x: number, y: number, radius: number): boolean {
  const cx = Math.min(Math.max(x, radius), 1 - radius);
  const cy = Math.min(Math.max(y, radius), 1 - radius);
  return Math.hypot(x - cx, y - cy) <= radius;
}

/**
 * Draws the Turnaround icon at `sizePx` with 4×4 supersampling.
 * `outline`: the white mark on a transparent background (Teams' 32×32 outline icon); otherwise the white mark on a
 * brand-blue rounded square (the colour icon and the ribbon icons).
 */
export function drawIcon(sizePx: number, style: 'color' | 'outline'): RgbaImage {
  const rgba = new Uint8Array(sizePx * sizePx * 4);
  const samples = 4;
  const markScale = style === 'outline' ? 1.45 : 1;
  for (let py = 0; py < sizePx; py++) {
    for (let px = 0; px < sizePx; px++) {
      let background = 0;
      let mark = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / sizePx;
          const y = (py + (sy + 0.5) / samples) / sizePx;
          if (style === 'color' && isRoundedSquare(x, y, 0.18)) background++;
          if (isMark(x, y, markScale)) mark++;
        }
      }
      const total = samples * samples;
      const markCoverage = mark / total;
      const backgroundCoverage = style === 'color' ? background / total : 0;
      const alpha = Math.max(markCoverage, backgroundCoverage);
      const offset = (py * sizePx + px) * 4;
      for (let c = 0; c < 3; c++) {
        const over = style === 'color' ? (WHITE[c] as number) * markCoverage + (BRAND_BLUE[c] as number) * (1 - markCoverage) : (WHITE[c] as number);
        rgba[offset + c] = Math.round(over);
      }
      rgba[offset + 3] = Math.round(alpha * 255);
    }
  }
  return { width: sizePx, height: sizePx, rgba };
}
