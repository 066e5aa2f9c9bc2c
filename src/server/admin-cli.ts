/**
 * `npm run admin -- <command>`: the deployment operator's tools, run against the database named by DATABASE_URL
 * (read through the server's config, like the server itself).
 *
 *   purge-tenant <tenantId> [--yes]   deletes every row of one tenant; prints the row counts before and after.
 *                                     Without --yes it only prints the counts and refuses (exit 2).
 *   count-tenant <tenantId>           prints the row counts and changes nothing.
 *
 * Why a CLI and not an HTTP route: in this app the operator of the deployment is the admin. An in-app "delete our
 * tenant" request would need an Entra app role, a way to prove the caller speaks for the tenant, and protection for a
 * route that can wipe everything — a large surface for something done once per customer. Offboarding: first remove the
 * app from the tenant (enterprise application / consent), so its users cannot sign in and re-create data, then purge.
 *
 * Exit codes: 0 done, 1 failed (a stable error code is printed), 2 usage error or refused.
 */
import { existsSync } from 'node:fs';
import { loadConfigFromProcess } from './config';
import { parseDatabaseUrl } from '../store/database-url';
import { openDatabase, type StoreDatabase } from '../store/open-database';
import { createStores } from '../store/open-stores';
import { pendingMigrations } from '../store/run-migrations';
import { isStoreError } from '../store/store-error';
import { countTenantRows, TENANT_TABLES, type TenantTable } from '../store/tenant-row-counts';

const USAGE = `usage: npm run admin -- purge-tenant <tenantId> [--yes]
       npm run admin -- count-tenant <tenantId>
Reads DATABASE_URL (default sqlite:./data/turnaround.db).`;

/** Entra tenant ids are GUIDs; the store accepts any id, so anything id-like is allowed (no spaces, quotes or slashes). */
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

interface Command {
  name: 'purge-tenant' | 'count-tenant';
  tenantId: string;
  yes: boolean;
}

function parseArgs(argv: string[]): Command {
  const yes = argv.includes('--yes');
  const unknownFlags = argv.filter((a) => a.startsWith('-') && a !== '--yes');
  const positional = argv.filter((a) => !a.startsWith('-'));
  const [name, tenantId, ...rest] = positional;
  if (name !== 'purge-tenant' && name !== 'count-tenant') throw new CliError('usage', name === undefined ? 'No command given.' : `Unknown command "${name}".`, 2);
  if (unknownFlags.length > 0) throw new CliError('usage', `Unknown option ${unknownFlags.join(', ')}.`, 2);
  if (tenantId === undefined || rest.length > 0) throw new CliError('usage', `${name} takes exactly one tenant id.`, 2);
  if (!TENANT_ID.test(tenantId)) throw new CliError('usage', 'That does not look like a tenant id (letters, digits, ".", "_", "-").', 2);
  if (name === 'count-tenant' && yes) throw new CliError('usage', 'count-tenant changes nothing and takes no --yes.', 2);
  return { name, tenantId, yes };
}

/** Opens an existing, fully migrated Turnaround database — never creates or migrates one. */
async function openExisting(databaseUrl: string): Promise<StoreDatabase> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.dialect === 'sqlite' && target.file !== ':memory:' && !existsSync(target.file)) {
    throw new CliError('no_database', `No SQLite database at ${target.file}.`);
  }
  const database = await openDatabase(databaseUrl);
  const pending = await pendingMigrations(database).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  if (pending.length > 0) {
    await database.close();
    throw new CliError('migrations_pending', `The database lacks migrations ${pending.join(', ')}; run \`npm run migrate\` first (or check DATABASE_URL).`);
  }
  return database;
}

function databaseLabel(database: StoreDatabase): string {
  return database.dialect === 'sqlite' ? `sqlite ${database.sqlite?.name ?? ''}` : `postgres (schema ${database.schema ?? 'public'})`;
}

function formatCounts(title: string, counts: Record<TenantTable, number>): string {
  const total = TENANT_TABLES.reduce((sum, t) => sum + counts[t], 0);
  const width = Math.max(...TENANT_TABLES.map((t) => t.length), 5);
  const lines = TENANT_TABLES.map((t) => `  ${t.padEnd(width)}  ${String(counts[t]).padStart(8)}`);
  return [title, ...lines, `  ${'total'.padEnd(width)}  ${String(total).padStart(8)}`].join('\n');
}

const totalOf = (counts: Record<TenantTable, number>): number => TENANT_TABLES.reduce((sum, t) => sum + counts[t], 0);

async function run(command: Command, databaseUrl: string, out: (line: string) => void): Promise<number> {
  const database = await openExisting(databaseUrl);
  try {
    out(`database: ${databaseLabel(database)}`);
    const before = await countTenantRows(database, command.tenantId);
    out(formatCounts(`rows of tenant ${command.tenantId}${command.name === 'purge-tenant' ? ' before' : ''}:`, before));
    if (command.name === 'count-tenant') return 0;
    if (totalOf(before) === 0) {
      out(`Nothing is stored for tenant ${command.tenantId}; nothing to purge.`);
      return 0;
    }
    if (!command.yes) {
      out(`Refusing to purge without --yes. To delete these ${totalOf(before)} rows for good: npm run admin -- purge-tenant ${command.tenantId} --yes`);
      return 2;
    }
    await createStores(database).purgeTenant(command.tenantId);
    const after = await countTenantRows(database, command.tenantId);
    out(formatCounts(`rows of tenant ${command.tenantId} after:`, after));
    if (totalOf(after) !== 0) throw new CliError('purge_incomplete', `${totalOf(after)} rows remain (a server of this tenant may still be writing); run the purge again.`);
    out(`Purged ${totalOf(before)} rows of tenant ${command.tenantId}.`);
    return 0;
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const command = parseArgs(argv);
  return run(command, loadConfigFromProcess().databaseUrl, (line) => console.log(line));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CliError) {
      console.error(`admin: ${error.message} (${error.code})`);
      if (error.exitCode === 2) console.error(USAGE);
      process.exit(error.exitCode);
    }
    const code = isStoreError(error) ? error.code : (error as { code?: unknown }).code;
    console.error(`admin failed (${typeof code === 'string' ? code : 'internal'}): ${(error as Error).message ?? String(error)}`);
    process.exit(1);
  },
);
