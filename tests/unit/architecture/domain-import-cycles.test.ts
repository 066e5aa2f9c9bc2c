import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// src/domain has no import circles, not even type-only ones (issue 16: compiled-calendar ↔ working-time and
// posix-time-zone ↔ zone-offsets were circles): shared types live in their own modules (working-calendar.ts, zone-rules.ts).
const DOMAIN = join(__dirname, '../../../src/domain');

/** Module name → the sibling modules it imports or re-exports from (`from './x'`), type-only imports included. */
function importGraph(folder: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(folder, file), 'utf8');
    const targets = [...text.matchAll(/\bfrom\s+'\.\/([\w.-]+)'/g)].map((m) => m[1] as string);
    graph.set(file.replace(/\.ts$/, ''), targets);
  }
  return graph;
}

/** Every circle, each as the path that closes it (a → b → a). */
function circles(graph: Map<string, string[]>): string[] {
  const found = new Set<string>();
  const visit = (node: string, path: string[]): void => {
    for (const next of graph.get(node) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) found.add([...path.slice(at), next].join(' → '));
      else visit(next, [...path, next]);
    }
  };
  for (const node of graph.keys()) visit(node, [node]);
  return [...found].sort();
}

describe('src/domain imports', () => {
  it('the graph reader sees a circle when there is one', () => {
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(circles(graph)).toContain('a → b → c → a');
  });

  it('form no circle', () => {
    const graph = importGraph(DOMAIN);
    expect(graph.get('working-time')).toContain('compiled-calendar'); // the reader sees real imports
    expect(circles(graph)).toEqual([]);
  });
});
