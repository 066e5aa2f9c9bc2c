// Writes the app's PNG icons into assets/ (run once after changing the drawing: `tsx src/package/generate-icons-cli.ts`).
// The PNGs are committed, so packaging never needs this.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ICON_FILES, drawIcon } from './draw-icons';
import { encodePng } from './png-image';

const assetsDir = path.resolve(__dirname, '../../assets');
for (const [name, { file, size }] of Object.entries(ICON_FILES)) {
  const png = encodePng(drawIcon(size, name === 'outline' ? 'outline' : 'color'));
  writeFileSync(path.join(assetsDir, file), png);
  console.log(`${file}: ${size}×${size}, ${png.length} bytes`);
}
