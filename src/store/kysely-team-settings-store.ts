import type { Kysely } from 'kysely';
import type { TeamSettingsRecord } from '../app/records';
import type { TeamSettingsStore } from '../app/store-ports';
import type { DatabaseSchema } from './database-schema';
import { teamCalendarFromStoredJson } from './stored-calendar-json';

/** A team's standards, calendar, holidays and privacy settings; JSON parts are stored as text. */
export class KyselyTeamSettingsStore implements TeamSettingsStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async get(tenantId: string, teamId: string): Promise<TeamSettingsRecord | null> {
    const row = await this.db.selectFrom('team_settings').selectAll().where('tenant_id', '=', tenantId).where('team_id', '=', teamId).executeTakeFirst();
    if (!row) return null;
    return {
      tenantId: row.tenant_id,
      teamId: row.team_id,
      categories: JSON.parse(row.categories) as TeamSettingsRecord['categories'],
      standards: JSON.parse(row.standards) as TeamSettingsRecord['standards'],
      calendar: teamCalendarFromStoredJson(row.calendar, `team ${row.team_id}`),
      holidays: JSON.parse(row.holidays) as TeamSettingsRecord['holidays'],
      pauseForOutOfOffice: Number(row.pause_for_out_of_office) === 1,
      minGroupSize: Number(row.min_group_size),
      individualView: Number(row.individual_view) === 1,
      updatedAt: new Date(Number(row.updated_at)),
    };
  }

  async put(settings: TeamSettingsRecord): Promise<void> {
    await this.db
      .insertInto('team_settings')
      .values({
        tenant_id: settings.tenantId,
        team_id: settings.teamId,
        categories: JSON.stringify(settings.categories),
        standards: JSON.stringify(settings.standards),
        calendar: JSON.stringify(settings.calendar),
        holidays: JSON.stringify(settings.holidays),
        pause_for_out_of_office: settings.pauseForOutOfOffice ? 1 : 0,
        min_group_size: settings.minGroupSize,
        individual_view: settings.individualView ? 1 : 0,
        updated_at: settings.updatedAt.getTime(),
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'team_id']).doUpdateSet((eb) => ({
          categories: eb.ref('excluded.categories'),
          standards: eb.ref('excluded.standards'),
          calendar: eb.ref('excluded.calendar'),
          holidays: eb.ref('excluded.holidays'),
          pause_for_out_of_office: eb.ref('excluded.pause_for_out_of_office'),
          min_group_size: eb.ref('excluded.min_group_size'),
          individual_view: eb.ref('excluded.individual_view'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}
