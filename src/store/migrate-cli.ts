/**
 * `npm run migrate [-- --url <DATABASE_URL>]`: applies pending migrations to the database named by DATABASE_URL
 * (read through the server's config), or by --url. Prints what ran; exits 1 with the error code on failure.
 */
import { loadConfigFromProcess } from '../server/config';
import { openDatabase } from './open-database';
import { pendingMigrations, runMigrations } from './run-migrations';
import { isStoreError } from './store-error';

async function main(argv: string[]): Promise<void> {
  const urlFlag = argv.indexOf('--url');
  const databaseUrl = urlFlag >= 0 && argv[urlFlag + 1] ? argv[urlFlag + 1]! : loadConfigFromProcess().databaseUrl;
  const database = await openDatabase(databaseUrl);
  try {
    const pending = await pendingMigrations(database);
    const applied = await runMigrations(database);
    const where = database.dialect === 'sqlite' ? database.sqlite?.name : `schema ${database.schema ?? 'public'}`;
    console.log(`${database.dialect} (${where}): ${pending.length} pending, applied ${applied.length}${applied.length ? `: ${applied.join(', ')}` : ''}`);
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(isStoreError(error) ? `migrate failed (${error.code}): ${error.message}` : error);
  process.exit(1);
});
