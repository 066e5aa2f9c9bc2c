/**
 * Starts Turnaround server instances as child processes (tests/integration/scale/scale-instance-entry.ts under tsx)
 * and reads what they report on stdout: the port they listen on, and every background sync with its lease owner and
 * start/finish instants.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface SyncInterval {
  personId: string;
  owner: string;
  startedAtMs: number;
  finishedAtMs: number;
}

export interface ScaleInstance {
  baseUrl: string;
  /** This instance's lease owner name. */
  owner: string;
  synced: SyncInterval[];
  failures: { personId: string | null; code: string }[];
  /** Lines that were not events (the server's own warnings), for failure messages. */
  otherOutput: string[];
  /** SIGTERM and wait for a clean exit (scheduler stopped, leases released); returns the exit code. */
  stop(): Promise<number | null>;
}

const ROOT = join(__dirname, '..', '..', '..');
const ENTRY = join(__dirname, 'scale-instance-entry.ts');

/**
 * Spawns one instance with `env` as its whole environment (besides PATH and HOME) and resolves when it listens (rejects
 * if it exits first or takes over `startTimeoutMs`).
 */
export function startScaleInstance(env: Record<string, string>, startTimeoutMs = 30_000): Promise<ScaleInstance> {
  const child: ChildProcessWithoutNullStreams = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const synced: SyncInterval[] = [];
  const failures: { personId: string | null; code: string }[] = [];
  const otherOutput: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  createInterface({ input: child.stderr }).on('line', (line) => otherOutput.push(line));

  return new Promise<ScaleInstance>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`instance did not listen within ${startTimeoutMs} ms:\n${otherOutput.join('\n')}`));
    }, startTimeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`instance exited with ${String(code)} before listening:\n${otherOutput.join('\n')}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      let event: Record<string, unknown> | null = null;
      try {
        event = JSON.parse(line) as Record<string, unknown>;
      } catch {
        event = null;
      }
      if (event === null || typeof event.scale !== 'string') {
        otherOutput.push(line);
        return;
      }
      if (event.scale === 'synced') synced.push(event as unknown as SyncInterval);
      else if (event.scale === 'failed') failures.push({ personId: (event.personId as string | null) ?? null, code: String(event.code) });
      else if (event.scale === 'listening') {
        clearTimeout(timer);
        resolve({
          baseUrl: `http://127.0.0.1:${String(event.port)}`,
          owner: String(event.owner),
          synced,
          failures,
          otherOutput,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
  });
}
