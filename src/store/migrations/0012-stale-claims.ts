import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Claims whose send never finished (issue 20): a warning or digest is claimed `sending` before it is sent, so an
 * instance that stops between the claim and Graph's answer leaves the row `sending` for good — and since the row is the
 * "once", nobody would send it. The dispatchers release such claims once they are older than any send can take
 * (STALE_CLAIM_MS in src/app/warnings/warning-dispatcher.ts), and the usual path claims them again. These partial indexes make the look for
 * them, every dispatch run, a read of the few rows `sending` at that moment:
 * - clock_warnings_sending_idx (recorded_at) WHERE status = 'sending'
 * - digests_sent_sending_idx (recorded_at) WHERE status = 'sending'
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not use the evolving schema type
type AnyDb = Kysely<any>;

export function staleClaims(): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema.createIndex('clock_warnings_sending_idx').on('clock_warnings').column('recorded_at').where(sql.ref('status'), '=', 'sending').execute();
      await db.schema.createIndex('digests_sent_sending_idx').on('digests_sent').column('recorded_at').where(sql.ref('status'), '=', 'sending').execute();
    },

    async down(db: AnyDb): Promise<void> {
      await db.schema.dropIndex('digests_sent_sending_idx').execute();
      await db.schema.dropIndex('clock_warnings_sending_idx').execute();
    },
  };
}
