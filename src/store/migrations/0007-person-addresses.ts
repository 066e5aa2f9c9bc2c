import type { Kysely, Migration } from 'kysely';

/**
 * A person's addresses (DESIGN "A person's addresses"): `people.addresses`, a JSON array of lower-cased addresses —
 * mail, UPN, SMTP proxy addresses and addresses their messages came from (src/domain/person-addresses). Null for rows
 * written before it or without it: they read as mail and UPN. Matched in code, never queried by SQL, so no index.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not use the evolving schema type
type AnyDb = Kysely<any>;

export function personAddressesColumn(): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema.alterTable('people').addColumn('addresses', 'text').execute();
    },

    async down(db: AnyDb): Promise<void> {
      await db.schema.alterTable('people').dropColumn('addresses').execute();
    },
  };
}
