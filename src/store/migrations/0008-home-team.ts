import type { Kysely, Migration } from 'kysely';

/**
 * A person's home team, chosen by them in the tab (DESIGN "Team of a request"): the team their requests belong to
 * when tracked outside a channel. Null until they choose; a person in exactly one team needs no choice (the app reads
 * that team). Not a foreign key: the choice outlives a refresh that drops the membership (the app then ignores it,
 * see src/app/home-team.ts), and a person's row goes with their data deletion.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not use the evolving schema type
type AnyDb = Kysely<any>;

export function homeTeam(): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema.alterTable('people').addColumn('home_team_id', 'text').execute();
    },

    async down(db: AnyDb): Promise<void> {
      await db.schema.alterTable('people').dropColumn('home_team_id').execute();
    },
  };
}
