/**
 * `npm run bench [-- <name>…] [-- --quick]` runs benchmarks in bench/<name>.bench.ts.
 * Each benchmark module exports `run(options)` and returns the figures it measured; this runner prints them and
 * writes bench/out/<name>.json so bench/RESULTS.md can be assembled from the last run of each.
 * Benchmarks are never part of `npm test`: speed and memory targets live here.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';

export interface BenchOptions { quick: boolean; args: string[] }
export interface BenchFigure { name: string; value: number; unit: string; target?: string; met?: boolean }
export interface BenchResult { title: string; figures: BenchFigure[]; notes?: string[] }
export interface BenchModule { run(options: BenchOptions): Promise<BenchResult> }

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const names = argv.filter((a) => !a.startsWith('--'));
  const dir = __dirname;
  const available = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort();
  const chosen = names.length > 0 ? names : available;
  const unknown = chosen.filter((n) => !available.includes(n));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${available.join(', ')}`);
    process.exit(2);
  }
  mkdirSync(join(dir, 'out'), { recursive: true });
  let failed = false;
  for (const name of chosen) {
    const mod = (await import(join(dir, `${name}.bench.ts`))) as BenchModule;
    const started = Date.now();
    const result = await mod.run({ quick, args: names.filter((n) => n !== name) });
    const seconds = (Date.now() - started) / 1000;
    console.log(`\n## ${result.title} (${seconds.toFixed(1)} s)`);
    for (const f of result.figures) {
      const verdict = f.met === undefined ? '' : f.met ? '  ✔ met' : '  ✘ NOT met';
      console.log(`  ${f.name}: ${formatValue(f.value)} ${f.unit}${f.target ? `  (target ${f.target})` : ''}${verdict}`);
      if (f.met === false) failed = true;
    }
    for (const n of result.notes ?? []) console.log(`  note: ${n}`);
    writeFileSync(join(dir, 'out', `${name}.json`), JSON.stringify({
      ...result, seconds, quick, date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    }, null, 2));
  }
  writeResultsReport(dir);
  if (failed) process.exitCode = 1;
}

/**
 * bench/RESULTS.md: the last run of every benchmark (bench/out/*.json), with the machine, the date, each figure, its
 * target and whether it was met — the report README points to.
 */
function writeResultsReport(dir: string): void {
  const outDir = join(dir, 'out');
  const runs = readdirSync(outDir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(readFileSync(join(outDir, f), 'utf8')) as BenchResult & { seconds: number; quick: boolean; date: string; machine: Record<string, unknown> });
  const lines = ['# Benchmark results', '', 'Written by `npm run bench` from the last run of each benchmark (bench/out/*.json).', ''];
  for (const r of runs) {
    const m = r.machine;
    lines.push(`## ${r.title}`, '', `${r.date} · ${String(m.cpuModel)} × ${String(m.cpus)} · ${String(m.memGiB)} GiB · Node ${String(m.node)}${r.quick ? ' · quick run' : ''} · ${r.seconds.toFixed(1)} s`, '');
    lines.push('| figure | value | target | met |', '|---|---|---|---|');
    for (const f of r.figures) {
      lines.push(`| ${f.name} | ${formatValue(f.value)} ${f.unit} | ${f.target ?? ''} | ${f.met === undefined ? '' : f.met ? 'yes' : '**no**'} |`);
    }
    for (const n of r.notes ?? []) lines.push('', `- ${n}`);
    lines.push('');
  }
  writeFileSync(join(dir, 'RESULTS.md'), lines.join('\n'));
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
