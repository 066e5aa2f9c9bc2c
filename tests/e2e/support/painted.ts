/**
 * Checks of what a person sees, not of what the DOM holds (issue 15, "Tests that look like a person"): playwright's
 * `toBeVisible` ignores overlap (playwright#9923), so a popup whose mount node laid a page-sized white layer over the
 * tab passed every existing test. These helpers ask the browser what is painted on top at a point
 * (`document.elementFromPoint`) and compare screenshots of the surface before and after a popup opens.
 *
 * PNGs are decoded by Chromium itself (createImageBitmap on a blank page of the same browser), so no image library
 * is needed.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';

export interface Box { x: number; y: number; width: number; height: number }

/** What `document.elementFromPoint` found at an element's centre. */
export interface PaintedProbe {
  /** The element probed, e.g. `h1 "My queue"`. */
  element: string;
  /** The element painted on top at its centre (or `null` outside the viewport). */
  topmost: string | null;
  /** True when the topmost element is the element itself or one of its descendants. */
  painted: boolean;
  /** The element's centre in the main page's coordinates (what screenshots and the mouse use). */
  centre: { x: number; y: number };
}

/** Grows a box by `margin` px on every side (popup shadows and focus rings reach beyond the element). */
export function grow(box: Box, margin: number): Box {
  return { x: box.x - margin, y: box.y - margin, width: box.width + 2 * margin, height: box.height + 2 * margin };
}

function contains(box: Box, point: { x: number; y: number }): boolean {
  return point.x >= box.x && point.x <= box.x + box.width && point.y >= box.y && point.y <= box.y + box.height;
}

/** The element's bounding box in page coordinates; throws when it has none (not rendered). */
export async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator.toString()} has no bounding box (not rendered)`);
  return box;
}

/**
 * Probes one element: is it what is painted at its centre? Runs in the element's own document, so it sees the
 * surface's portals (Fluent mounts popups at the end of <body>) exactly as the browser hit-tests a mouse click.
 */
export async function probePainted(locator: Locator): Promise<PaintedProbe> {
  const box = await boxOf(locator);
  const inFrame = await locator.evaluate((el) => {
    const describe = (node: Element | null): string | null => {
      if (!node) return null;
      const text = (node.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      const classes = typeof node.className === 'string' && node.className ? `.${node.className.trim().split(/\s+/).slice(0, 2).join('.')}` : '';
      return `${node.tagName.toLowerCase()}${classes}${node.getAttribute('role') ? `[role=${node.getAttribute('role')}]` : ''}${text ? ` "${text}"` : ''}`;
    };
    const r = el.getBoundingClientRect();
    const hit = el.ownerDocument.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { element: describe(el) as string, topmost: describe(hit), painted: hit !== null && (hit === el || el.contains(hit)) };
  });
  return { ...inFrame, centre: { x: box.x + box.width / 2, y: box.y + box.height / 2 } };
}

/** Whether the element's centre lies outside the visible box of an ancestor that clips its overflow (scrolled away). */
async function clippedByScrollArea(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    for (let a = el.parentElement; a !== null; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const c = a.getBoundingClientRect();
      if (x < c.left || x > c.right || y < c.top || y > c.bottom) return true;
    }
    return false;
  });
}

/**
 * Probes every element the locators match whose centre lies inside `within` (the visible surface) and outside every
 * box in `skip` (the open popup: what it covers is meant to be covered). Returns the probes, painted or not.
 */
export async function probeBehind(locators: readonly Locator[], within: Box, skip: readonly Box[] = []): Promise<PaintedProbe[]> {
  const probes: PaintedProbe[] = [];
  for (const locator of locators) {
    for (const element of await locator.all()) {
      const box = await element.boundingBox();
      if (!box || box.width === 0 || box.height === 0) continue;
      const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      if (!contains(within, centre) || skip.some((s) => contains(s, centre))) continue;
      // Scrolled out of its own scroll area (a card below the fold of the tab's list): nobody can see it, open popup or not.
      if (await clippedByScrollArea(element)) continue;
      probes.push(await probePainted(element));
    }
  }
  return probes;
}

/** A screenshot of one region of the page, animations finished and the caret hidden, so two shots compare exactly. */
export async function shoot(page: Page, clip: Box, path?: string): Promise<Buffer> {
  return page.screenshot({ clip, animations: 'disabled', caret: 'hide', ...(path ? { path } : {}) });
}

/** Where two same-sized screenshots differ outside the excluded boxes. */
export interface PixelDiff {
  /** Pixels compared (inside the shot, outside the excluded boxes). */
  compared: number;
  /** Of those, pixels whose colour differs in any channel by more than the tolerance. */
  changed: number;
  /** The bounding box of the changed pixels, in the shots' own coordinates (null when none changed). */
  changedBox: Box | null;
}

/** A translucent layer over the page, e.g. a modal dialog's backdrop: colour channels 0..255, alpha 0..1. */
export interface Overlay { r: number; g: number; b: number; a: number }

/** Reads a CSS `rgb()`/`rgba()` colour (as getComputedStyle gives it). */
export function parseOverlay(css: string): Overlay {
  const m = /^rgba?\(\s*(\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\s*\)$/.exec(css);
  if (!m) throw new Error(`not an rgb()/rgba() colour: ${css}`);
  return { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]), a: m[4] === undefined ? 1 : Number(m[4]) };
}

/**
 * Compares two PNG screenshots of the same clip pixel by pixel, leaving out `exclude` (given in page coordinates;
 * `origin` is the clip's top-left corner). With `overlay`, each pixel of `after` is expected to be the pixel of
 * `before` seen through that layer (a modal dialog dims the page, it does not replace it). Decoding and comparing run
 * in a blank page of `context`.
 */
export async function diffOutside(
  context: BrowserContext, before: Buffer, after: Buffer, origin: { x: number; y: number }, exclude: readonly Box[],
  options: { tolerance?: number; overlay?: Overlay } = {},
): Promise<PixelDiff> {
  const scratch = await context.newPage();
  try {
    return await scratch.evaluate(async ({ a, b, boxes, tol, over }) => {
      const decode = async (base64: string): Promise<ImageData> => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
        ctx.drawImage(bitmap, 0, 0);
        return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [one, two] = await Promise.all([decode(a), decode(b)]);
      if (one.width !== two.width || one.height !== two.height) throw new Error(`screenshots differ in size: ${one.width}×${one.height} vs ${two.width}×${two.height}`);
      let compared = 0;
      let changed = 0;
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (let y = 0; y < one.height; y++) {
        for (let x = 0; x < one.width; x++) {
          if (boxes.some((bx) => x >= bx.x && x < bx.x + bx.width && y >= bx.y && y < bx.y + bx.height)) continue;
          compared++;
          const i = (y * one.width + x) * 4;
          let differs = false;
          for (let c = 0; c < 3; c++) {
            const seen = one.data[i + c] as number;
            const expected = over === null ? seen : seen * (1 - over.a) + [over.r, over.g, over.b][c]! * over.a;
            if (Math.abs(expected - (two.data[i + c] as number)) > tol) differs = true;
          }
          if (differs) {
            changed++;
            minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
          }
        }
      }
      return { compared, changed, changedBox: changed === 0 ? null : { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 } };
    }, {
      a: before.toString('base64'),
      b: after.toString('base64'),
      boxes: exclude.map((bx) => ({ x: Math.floor(bx.x - origin.x), y: Math.floor(bx.y - origin.y), width: Math.ceil(bx.width) + 1, height: Math.ceil(bx.height) + 1 })),
      tol: options.tolerance ?? 8,
      over: options.overlay ?? null,
    });
  } finally {
    await scratch.close();
  }
}
