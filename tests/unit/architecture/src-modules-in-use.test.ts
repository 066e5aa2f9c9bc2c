import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

// Every module under src/ is part of the product: an entry point (a page in webpack.config.js, a script in
// package.json, a command-line program named *-cli.ts) or imported by another module under src/. Code only benchmarks or tests use lives with them
// (tests/support/, next to its test), not in src/ (issue 16: the synthetic request rows, the bulk loader and the
// Graph client factory sat in src/store and src/graph).
const ROOT = join(__dirname, '../../..');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) => {
    const path = join(folder, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) ? [relative(ROOT, path)] : [];
  });
}

/**
 * Relative specifiers a module imports, re-exports, loads lazily (`import(/* chunk name *\/ './x')`) or resolves to
 * start as a worker thread's entry (`require.resolve('./x')`).
 */
function relativeImports(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*(?:\/\*[^*]*\*\/\s*)?|\bimport\s+|\brequire\.resolve\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] as string);
}

function entryPoints(): string[] {
  const webpack = readFileSync(join(ROOT, 'webpack.config.js'), 'utf8');
  const pages = [...webpack.matchAll(/entry:\s*'\.\/(src\/[^']+)'/g)].map((m) => m[1] as string);
  const scripts = Object.values((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
  const cli = scripts.flatMap((s) => [...s.matchAll(/\b(src\/[\w/.-]+\.tsx?)\b/g)].map((m) => m[1] as string));
  return [...pages, ...cli].map(normalize);
}

function unused(files: string[], entries: string[]): string[] {
  const known = new Set(files);
  const used = new Set(entries);
  for (const file of files) {
    for (const spec of relativeImports(readFileSync(join(ROOT, file), 'utf8'))) {
      const base = normalize(join(dirname(file), spec));
      const hit = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) => known.has(c));
      if (hit) used.add(hit);
    }
  }
  return files.filter((f) => !used.has(f) && !/-cli\.ts$/.test(f)).sort();
}

describe('src/ modules', () => {
  const files = sourceFiles(join(ROOT, 'src'));
  const entries = entryPoints();

  it('the reader finds the entry points and lazy imports', () => {
    expect(entries).toEqual(expect.arrayContaining([normalize('src/server/main.ts'), normalize('src/ui/tab/tab-page.tsx')]));
    expect(relativeImports("const ui = import(/* webpackChunkName: \"tab-ui\" */ './tab-root');")).toEqual(['./tab-root']);
    expect(unused(files, entries)).not.toContain(normalize('src/ui/tab/tab-root.tsx'));
    expect(relativeImports("const entry = require.resolve('./background-worker');")).toEqual(['./background-worker']);
    expect(unused(files, entries)).not.toContain(normalize('src/server/background-worker.ts'));
  });

  it('are each an entry point or imported by another module in src/', () => {
    expect(unused(files, entries)).toEqual([]);
  });
});
