import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Warnings and digests in the Teams activity feed (issue 20): each person's choice, and the team owners' digest.
 *
 * `warning_preferences`: one row per person who chose what reaches their activity feed — `warningsAndDigest`,
 * `digestOnly` or `off` — and when. No row means the default (warnings and digest), so the table holds only people
 * who changed it; the dispatcher reads the choices of many people at once by the primary key. Not a foreign key to
 * `people`: the choice is the person's whether or not their directory row is cached, and it goes with their data
 * deletion.
 *
 * `team_settings.owners_digest`: owners turned on the owners' digest (0/1, off for every team until they do). A
 * delivery setting, not part of how clocks count, so it has no history (unlike standards and calendars, 0006).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not use the evolving schema type
type AnyDb = Kysely<any>;

export function warningPreferences(): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema
        .createTable('warning_preferences')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('choice', 'text', (c) => c.notNull().check(sql`choice in ('warningsAndDigest', 'digestOnly', 'off')`))
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('warning_preferences_pk', ['tenant_id', 'person_id'])
        .execute();
      await db.schema.alterTable('team_settings').addColumn('owners_digest', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },

    async down(db: AnyDb): Promise<void> {
      await db.schema.alterTable('team_settings').dropColumn('owners_digest').execute();
      await db.schema.dropTable('warning_preferences').execute();
    },
  };
}
