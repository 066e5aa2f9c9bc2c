import type { Kysely, Selectable } from 'kysely';
import type { PersonRecord, PersonRef, TeamMemberRecord, TeamRecord, TeamRole } from '../app/records';
import type { DirectoryStore } from '../app/store-ports';
import { personAddresses } from '../domain/person-addresses';
import { BATCH_ROWS, chunks } from './batches';
import type { DatabaseSchema, PeopleTable } from './database-schema';
import { calendarFromStoredJson, storedCalendarJson } from './stored-calendar-json';

function personFromRow(row: Selectable<PeopleTable>): PersonRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    displayName: row.display_name,
    mail: row.mail,
    userPrincipalName: row.user_principal_name,
    addresses: storedAddresses(row),
    department: row.department,
    managerId: row.manager_id,
    calendar: calendarFromStoredJson(row.calendar, `person ${row.id}`),
    refreshedAt: new Date(Number(row.refreshed_at)),
  };
}

/**
 * The person's stored address list; for a row without one (written before migration 0007, or by a caller that knew
 * no more than mail and UPN) — or whose list does not parse, being a copy of directory data — mail and UPN.
 */
function storedAddresses(row: Selectable<PeopleTable>): string[] {
  if (row.addresses !== null) {
    try {
      const list: unknown = JSON.parse(row.addresses);
      if (Array.isArray(list) && list.every((a) => typeof a === 'string')) return personAddresses({ mail: row.mail, userPrincipalName: row.user_principal_name, seenFrom: list });
    } catch {
      // not JSON: read as if absent
    }
  }
  return personAddresses({ mail: row.mail, userPrincipalName: row.user_principal_name });
}

/** The directory cache (tenants, people, teams and members) refreshed from Graph. */
export class KyselyDirectoryStore implements DirectoryStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async upsertTenant(tenantId: string, verifiedDomains: string[], at: Date): Promise<void> {
    await this.db
      .insertInto('tenants')
      .values({ id: tenantId, verified_domains: JSON.stringify(verifiedDomains), refreshed_at: at.getTime() })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({ verified_domains: eb.ref('excluded.verified_domains'), refreshed_at: eb.ref('excluded.refreshed_at') })),
      )
      .execute();
  }

  async getTenantDomains(tenantId: string): Promise<string[] | null> {
    const row = await this.db.selectFrom('tenants').select('verified_domains').where('id', '=', tenantId).executeTakeFirst();
    return row ? (JSON.parse(row.verified_domains) as string[]) : null;
  }

  /** Upserts people of `tenantId`; the tenant on each record is ignored in favour of the argument. */
  async upsertPeople(tenantId: string, people: PersonRecord[]): Promise<void> {
    if (people.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const batch of chunks(people, BATCH_ROWS)) {
        await trx
          .insertInto('people')
          .values(
            batch.map((p) => ({
              tenant_id: tenantId,
              id: p.id,
              display_name: p.displayName,
              mail: p.mail,
              user_principal_name: p.userPrincipalName,
              department: p.department,
              manager_id: p.managerId,
              calendar: storedCalendarJson(p.calendar),
              refreshed_at: p.refreshedAt.getTime(),
              addresses: p.addresses === undefined ? null : JSON.stringify(personAddresses({ seenFrom: p.addresses })),
            })),
          )
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
              display_name: eb.ref('excluded.display_name'),
              mail: eb.ref('excluded.mail'),
              user_principal_name: eb.ref('excluded.user_principal_name'),
              department: eb.ref('excluded.department'),
              manager_id: eb.ref('excluded.manager_id'),
              calendar: eb.ref('excluded.calendar'),
              refreshed_at: eb.ref('excluded.refreshed_at'),
              // A record written without addresses keeps the stored list.
              addresses: eb.fn.coalesce(eb.ref('excluded.addresses'), eb.ref('people.addresses')),
            })),
          )
          .execute();
      }
    });
  }

  async getPerson(tenantId: string, id: string): Promise<PersonRecord | null> {
    const row = await this.db.selectFrom('people').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row ? personFromRow(row) : null;
  }

  async getPeople(tenantId: string, ids: string[]): Promise<PersonRecord[]> {
    const unique = [...new Set(ids)];
    const out: PersonRecord[] = [];
    for (const batch of chunks(unique, BATCH_ROWS)) {
      const rows = await this.db.selectFrom('people').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', batch).execute();
      out.push(...rows.map(personFromRow));
    }
    return out;
  }

  async setPersonAddresses(tenantId: string, personId: string, addresses: string[]): Promise<boolean> {
    const result = await this.db
      .updateTable('people')
      .set({ addresses: JSON.stringify(personAddresses({ seenFrom: addresses })) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', personId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async getPersonRefs(tenantId: string, ids: string[]): Promise<PersonRef[]> {
    const out: PersonRef[] = [];
    for (const batch of chunks([...new Set(ids)], BATCH_ROWS)) {
      const rows = await this.db
        .selectFrom('people')
        .select(['id', 'display_name', 'mail', 'department'])
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', batch)
        .execute();
      for (const row of rows) out.push({ id: row.id, displayName: row.display_name, mail: row.mail, department: row.department });
    }
    return out;
  }

  /** Upserts the team and replaces its member list, in one transaction. */
  async upsertTeam(tenantId: string, team: TeamRecord, members: TeamMemberRecord[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('teams')
        .values({ tenant_id: tenantId, id: team.id, display_name: team.displayName, refreshed_at: team.refreshedAt.getTime() })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({ display_name: eb.ref('excluded.display_name'), refreshed_at: eb.ref('excluded.refreshed_at') })),
        )
        .execute();
      await trx.deleteFrom('team_members').where('tenant_id', '=', tenantId).where('team_id', '=', team.id).execute();
      const unique = new Map(members.map((m) => [m.personId, m]));
      for (const batch of chunks([...unique.values()], BATCH_ROWS)) {
        await trx
          .insertInto('team_members')
          .values(batch.map((m) => ({ tenant_id: tenantId, team_id: team.id, person_id: m.personId, role: m.role })))
          .execute();
      }
    });
  }

  async getTeam(tenantId: string, teamId: string): Promise<TeamRecord | null> {
    const row = await this.db.selectFrom('teams').selectAll().where('tenant_id', '=', tenantId).where('id', '=', teamId).executeTakeFirst();
    return row ? { id: row.id, tenantId: row.tenant_id, displayName: row.display_name, refreshedAt: new Date(Number(row.refreshed_at)) } : null;
  }

  async listTeamMembers(tenantId: string, teamId: string): Promise<TeamMemberRecord[]> {
    const rows = await this.db
      .selectFrom('team_members')
      .select(['team_id', 'person_id', 'role'])
      .where('tenant_id', '=', tenantId)
      .where('team_id', '=', teamId)
      .orderBy('person_id')
      .execute();
    return rows.map((r) => ({ teamId: r.team_id, personId: r.person_id, role: r.role as TeamRole }));
  }

  async listTeamsOf(tenantId: string, personId: string): Promise<(TeamRecord & { role: TeamRole })[]> {
    const rows = await this.db
      .selectFrom('team_members as m')
      .innerJoin('teams as t', (j) => j.onRef('t.tenant_id', '=', 'm.tenant_id').onRef('t.id', '=', 'm.team_id'))
      .select(['t.id', 't.tenant_id', 't.display_name', 't.refreshed_at', 'm.role'])
      .where('m.tenant_id', '=', tenantId)
      .where('m.person_id', '=', personId)
      .orderBy('t.display_name')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      displayName: r.display_name,
      refreshedAt: new Date(Number(r.refreshed_at)),
      role: r.role as TeamRole,
    }));
  }

  /** Deletes the person's team_members rows of teams not in `teamIds` (all of them when it is empty). */
  async removeMembershipsExcept(tenantId: string, personId: string, teamIds: string[]): Promise<void> {
    let query = this.db.deleteFrom('team_members').where('tenant_id', '=', tenantId).where('person_id', '=', personId);
    if (teamIds.length > 0) query = query.where('team_id', 'not in', [...new Set(teamIds)]);
    await query.execute();
  }

  async getHomeTeamId(tenantId: string, personId: string): Promise<string | null> {
    const row = await this.db.selectFrom('people').select('home_team_id').where('tenant_id', '=', tenantId).where('id', '=', personId).executeTakeFirst();
    return row?.home_team_id ?? null;
  }

  async setHomeTeamId(tenantId: string, personId: string, teamId: string | null): Promise<boolean> {
    const result = await this.db
      .updateTable('people')
      .set({ home_team_id: teamId })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', personId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
