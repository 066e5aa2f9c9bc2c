/**
 * `npm run bench -- bundles`: builds every page in production mode and reports each entry's gzipped size against the
 * budgets (the personal tab ≤ 350 KB, the Outlook task pane ≤ 200 KB: it opens for every email).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchFigure, BenchOptions, BenchResult } from './run';

const BUDGET_GZIP_KB: Record<string, number> = { tab: 350, taskpane: 200 };

export async function run(_options: BenchOptions): Promise<BenchResult> {
  const root = join(__dirname, '..');
  execFileSync(process.execPath, [join(root, 'node_modules/webpack-cli/bin/cli.js'), '--mode', 'production'], { cwd: root, stdio: 'ignore' });
  const sizes = JSON.parse(readFileSync(join(root, 'dist/bundle-sizes.json'), 'utf8')) as Record<string, { rawBytes: number; gzipBytes: number }>;
  const figures: BenchFigure[] = Object.entries(sizes).map(([name, s]) => {
    const kb = Math.round((s.gzipBytes / 1024) * 10) / 10;
    const budget = BUDGET_GZIP_KB[name];
    return { name: `${name} entry, gzipped`, value: kb, unit: 'KB', ...(budget ? { target: `≤ ${budget} KB`, met: kb <= budget } : {}) };
  });
  return { title: 'Page bundle sizes', figures };
}
