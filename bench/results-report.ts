/**
 * bench/RESULTS.md as sections, one per benchmark, each opened by a `<!-- bench: <name> -->` marker line. A run updates
 * only the sections of the benchmarks it ran and keeps every other section as it was, so running one benchmark never
 * drops the others' last results (bench/out/ is not kept between checkouts, RESULTS.md is).
 */
import type { BenchResult } from './run';

export interface RecordedRun extends BenchResult {
  seconds: number;
  quick: boolean;
  date: string;
  machine: Record<string, unknown>;
}

const HEADER = ['# Benchmark results', '', 'Written by `npm run bench`: each section is the last run of that benchmark; running one benchmark replaces only its own section.', ''];
const MARKER = /^<!-- bench: ([a-z0-9-]+) -->$/;

export function formatValue(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** One benchmark's section: its marker, title, machine and date, each figure with its target and verdict, its notes. */
export function renderSection(name: string, r: RecordedRun): string {
  const m = r.machine;
  const lines = [`<!-- bench: ${name} -->`, `## ${r.title}`, '', `${r.date} · ${String(m.cpuModel)} × ${String(m.cpus)} · ${String(m.memGiB)} GiB · Node ${String(m.node)}${r.quick ? ' · quick run' : ''} · ${r.seconds.toFixed(1)} s`, ''];
  lines.push('| figure | value | target | met |', '|---|---|---|---|');
  for (const f of r.figures) {
    lines.push(`| ${f.name} | ${formatValue(f.value)} ${f.unit} | ${f.target ?? ''} | ${f.met === undefined ? '' : f.met ? 'yes' : '**no**'} |`);
  }
  for (const n of r.notes ?? []) lines.push('', `- ${n}`);
  lines.push('');
  return lines.join('\n');
}

/** The marked sections of an existing RESULTS.md by benchmark name (text before the first marker is the header). */
export function parseSections(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  let name: string | null = null;
  let body: string[] = [];
  const flush = (): void => {
    if (name !== null) sections.set(name, `${body.join('\n').replace(/\n+$/, '')}\n`);
  };
  for (const line of markdown.split('\n')) {
    const marker = MARKER.exec(line)?.[1];
    if (marker !== undefined) {
      flush();
      name = marker;
      body = [line];
    } else if (name !== null) body.push(line);
  }
  flush();
  return sections;
}

/** RESULTS.md after a run: every section already there, with the ones in `runs` replaced or added; sorted by name. */
export function mergeResults(existing: string, runs: ReadonlyMap<string, RecordedRun>): string {
  const sections = parseSections(existing);
  for (const [name, r] of runs) sections.set(name, renderSection(name, r));
  const names = [...sections.keys()].sort();
  return [...HEADER, ...names.map((n) => sections.get(n) ?? '')].join('\n');
}
