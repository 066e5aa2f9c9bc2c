/**
 * The README shows screenshots the e2e tests take. They always land in tests/e2e/artifacts (ignored by git); they are
 * copied over the committed ones in assets/screenshots only by `npm run screenshots`, so a test run never changes
 * tracked files.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Copies tests/e2e/artifacts/<artifact> to assets/screenshots/<name> when UPDATE_README_SCREENSHOTS=1. */
export function publishReadmeScreenshot(artifact: string, name: string): void {
  if (process.env.UPDATE_README_SCREENSHOTS !== '1') return;
  mkdirSync(join(ROOT, 'assets', 'screenshots'), { recursive: true });
  copyFileSync(join(ROOT, 'tests', 'e2e', 'artifacts', artifact), join(ROOT, 'assets', 'screenshots', name));
}
