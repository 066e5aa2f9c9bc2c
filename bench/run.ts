/**
 * `npm run bench [-- <name>…] [-- --quick]` runs benchmarks in bench/<name>.bench.ts.
 * Each benchmark module exports `run(options)` and returns the figures it measured; this runner prints them, writes
 * bench/out/<name>.json and replaces that benchmark's own section of bench/RESULTS.md (the others stay as they were).
 * Benchmarks are never part of `npm test`: speed and memory targets live here.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { formatValue, mergeResults, type RecordedRun } from './results-report';

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
  const runs = new Map<string, RecordedRun>();
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
    const recorded: RecordedRun = {
      ...result, seconds, quick, date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    };
    writeFileSync(join(dir, 'out', `${name}.json`), JSON.stringify(recorded, null, 2));
    runs.set(name, recorded);
    // Written after each benchmark, so a run stopped half-way keeps what it measured.
    const report = join(dir, 'RESULTS.md');
    writeFileSync(report, mergeResults(existsSync(report) ? readFileSync(report, 'utf8') : '', runs));
  }
  if (failed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
