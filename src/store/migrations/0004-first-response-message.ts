import type { Kysely, Migration } from 'kysely';

/**
 * A request records which message answered it: `first_response_message_id`, the Graph id of the email message or
 * chat message that is its first response (DESIGN "First response at": the source and message id are recorded).
 * Null when there is none yet, when it was marked by hand, and for rows written before this migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not use the evolving schema type
type AnyDb = Kysely<any>;

export function firstResponseMessage(): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema.alterTable('requests').addColumn('first_response_message_id', 'text').execute();
    },

    async down(db: AnyDb): Promise<void> {
      await db.schema.alterTable('requests').dropColumn('first_response_message_id').execute();
    },
  };
}
