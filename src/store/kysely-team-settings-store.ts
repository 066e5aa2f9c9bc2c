import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { TeamSettingsRecord } from '../app/records';
import type { TeamSettingsStore } from '../app/store-ports';
import { PRIORITIES } from '../domain/priority';
import type { PastStandards } from '../domain/standards-history';
import type { DatabaseSchema } from './database-schema';
import { teamCalendarFromStoredJson } from './stored-calendar-json';

const instant = z.string().transform((value, ctx) => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) ctx.addIssue({ code: 'custom', message: 'not an instant' });
  return date;
});
const standard = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  priority: z.enum(PRIORITIES).nullable(),
  firstResponseTargetMinutes: z.number(),
  resolutionTargetMinutes: z.number(),
});
/** The `past_standards` column: each earlier version of the standards with the instant it stopped applying. */
const storedPastStandards = z.array(z.object({ until: instant, standards: z.array(standard) }));

/**
 * A team's standards (with their history), calendar (with its past weekly patterns), holidays, privacy settings and
 * owners' digest; JSON parts are stored as text.
 */
export class KyselyTeamSettingsStore implements TeamSettingsStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async get(tenantId: string, teamId: string): Promise<TeamSettingsRecord | null> {
    const row = await this.db.selectFrom('team_settings').selectAll().where('tenant_id', '=', tenantId).where('team_id', '=', teamId).executeTakeFirst();
    if (!row) return null;
    const record: TeamSettingsRecord = {
      tenantId: row.tenant_id,
      teamId: row.team_id,
      categories: JSON.parse(row.categories) as TeamSettingsRecord['categories'],
      standards: JSON.parse(row.standards) as TeamSettingsRecord['standards'],
      calendar: teamCalendarFromStoredJson(row.calendar, `team ${row.team_id}`),
      holidays: JSON.parse(row.holidays) as TeamSettingsRecord['holidays'],
      pauseForOutOfOffice: Number(row.pause_for_out_of_office) === 1,
      minGroupSize: Number(row.min_group_size),
      individualView: Number(row.individual_view) === 1,
      ownersDigest: Number(row.owners_digest) === 1,
      updatedAt: new Date(Number(row.updated_at)),
    };
    const past = pastStandardsFromJson(row.past_standards, row.team_id);
    if (past.length > 0) record.pastStandards = past;
    return record;
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
        owners_digest: settings.ownersDigest ? 1 : 0,
        updated_at: settings.updatedAt.getTime(),
        past_standards: JSON.stringify(settings.pastStandards ?? []),
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
          owners_digest: eb.ref('excluded.owners_digest'),
          updated_at: eb.ref('excluded.updated_at'),
          past_standards: eb.ref('excluded.past_standards'),
        })),
      )
      .execute();
  }
}

function pastStandardsFromJson(text: string, teamId: string): PastStandards[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = storedPastStandards.safeParse(json);
  // Written only by put() above: a value that does not fit is the server's fault (a 500, as for the standards column).
  if (!parsed.success) throw new Error(`The stored standards history of team ${teamId} is not a list of {until, standards}.`);
  return parsed.data;
}
