/**
 * Durability on SQLite: a child process tracks requests in a loop; it is killed with SIGKILL mid-load. Reopening the
 * database must find it intact (PRAGMA integrity_check = ok) with every request the child reported as committed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openStores } from '../../../src/store/open-stores';

const ROOT = resolve(__dirname, '../../..');
const CHILD = join(__dirname, 'fixtures/track-loop-child.ts');

function runAndKill(file: string, killAfterCommits: number): Promise<{ committed: string[]; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    // `node --import tsx` (not the tsx CLI, which runs the script in a grandchild that SIGKILL would not reach).
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const committed: string[] = [];
    let buffer = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('committed ')) committed.push(line.slice('committed '.length));
      }
      if (!killed && committed.length >= killAfterCommits) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => resolvePromise({ committed, signal, stderr }));
  });
}

describe('SQLite durability under SIGKILL', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'turnaround-crash-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every committed track and an intact database after the writer is killed mid-load', async () => {
    const file = join(dir, 'crash.db');
    const { committed, signal, stderr } = await runAndKill(file, 400);
    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');
    expect(committed.length).toBeGreaterThanOrEqual(400);

    const raw = new BetterSqlite3(file);
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      const present = new Set((raw.prepare("select id from requests where tenant_id = 'crash-t'").all() as { id: string }[]).map((r) => r.id));
      const missing = committed.filter((id) => !present.has(id));
      expect(missing).toEqual([]);
      // Each committed request came with its tracked event, in the same transaction.
      const events = raw.prepare("select count(*) as n from request_events where tenant_id = 'crash-t' and type = 'tracked'").get() as { n: number };
      expect(events.n).toBe(present.size);
    } finally {
      raw.close();
    }

    const stores = await openStores(`sqlite:${file}`);
    try {
      expect(stores.appliedMigrations).toEqual([]);
      expect(await stores.requests.get('crash-t', committed[committed.length - 1]!)).not.toBeNull();
    } finally {
      await stores.close();
    }
  });
});
