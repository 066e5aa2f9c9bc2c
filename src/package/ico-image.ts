import { drawIcon } from './draw-icons';
import { encodePng, readPngHeader } from './png-image';

/** The sizes in the site's favicon.ico: the tab strip (16), high-DPI tabs and bookmarks (32), Windows shortcuts (48). */
export const FAVICON_SIZES_PX = [16, 32, 48] as const;

/**
 * Wraps PNG images in an ICO container (the PNG-in-ICO form every current browser reads): a 6-byte header, one 16-byte
 * directory entry per image, then the PNGs as they are. Sizes come from each PNG's IHDR; 256 px is written as 0.
 * @throws {NotPngError} when an image is not a PNG.
 */
export function encodeIco(pngs: readonly Uint8Array[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(pngs.length, 4);
  const directory = Buffer.alloc(16 * pngs.length);
  let offset = header.length + directory.length;
  pngs.forEach((png, i) => {
    const { width, height } = readPngHeader(png);
    if (width > 256 || height > 256) throw new RangeError(`an ICO image is at most 256 px; got ${width}×${height}`);
    const entry = i * 16;
    directory[entry] = width % 256;
    directory[entry + 1] = height % 256;
    directory[entry + 2] = 0; // no palette
    directory[entry + 3] = 0; // reserved
    directory.writeUInt16LE(1, entry + 4); // colour planes
    directory.writeUInt16LE(32, entry + 6); // bits per pixel
    directory.writeUInt32LE(png.byteLength, entry + 8);
    directory.writeUInt32LE(offset, entry + 12);
    offset += png.byteLength;
  });
  return Buffer.concat([header, directory, ...pngs]);
}

/** The Turnaround mark on its brand-blue square (the colour icon's drawing) as favicon.ico. */
export function drawFaviconIco(): Buffer {
  return encodeIco(FAVICON_SIZES_PX.map((size) => encodePng(drawIcon(size, 'color'))));
}
