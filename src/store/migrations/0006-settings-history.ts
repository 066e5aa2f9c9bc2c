import type { Kysely, Migration } from 'kysely';

/**
 * Settings are history (DESIGN "Service standard", "Calendars are history"): `team_settings.past_standards` keeps the
 * team's earlier standards as JSON, `[{until, standards}]` oldest first — a request keeps the standards in force when
 * it was tracked. Rows written before this migration have no history ('[]'): their current standards apply to all
 * their requests, as they did. Past weekly patterns of calendars need no column: they are part of the calendar JSON
 * (`team_settings.calendar`, `people.calendar`), and holidays and out-of-office periods were already dated lists.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not use the evolving schema type
type AnyDb = Kysely<any>;

export function settingsHistory(): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema.alterTable('team_settings').addColumn('past_standards', 'text', (c) => c.notNull().defaultTo('[]')).execute();
    },

    async down(db: AnyDb): Promise<void> {
      await db.schema.alterTable('team_settings').dropColumn('past_standards').execute();
    },
  };
}
