import { sql, type Kysely, type Selectable } from 'kysely';
import type { ClockWarningRecord, ClockWarningStatus, ClockWarningStore, DigestKind, DigestStatus, WarningCheckDue } from '../app/store-ports';
import type { ClockName } from '../domain/clocks';
import { BATCH_ROWS, chunks } from './batches';
import type { ClockWarningsTable, DatabaseSchema } from './database-schema';
import { requestFromRow } from './request-row-mapping';

const OPEN_STATUSES = ['open', 'waiting'];

function warningFromRow(row: Selectable<ClockWarningsTable>): ClockWarningRecord {
  return {
    tenantId: row.tenant_id,
    requestId: row.request_id,
    clock: row.clock as ClockName,
    kind: row.kind as ClockWarningRecord['kind'],
    assigneeId: row.assignee_id,
    transitionAt: new Date(Number(row.transition_at)),
    status: row.status as ClockWarningStatus,
    recordedAt: new Date(Number(row.recorded_at)),
    sentAt: row.sent_at === null ? null : new Date(Number(row.sent_at)),
    digestAt: row.digest_at === null ? null : new Date(Number(row.digest_at)),
  };
}

/**
 * ClockWarningStore on Kysely (SQLite and PostgreSQL): the warning checks on `requests` (requests_warning_check_idx),
 * `clock_warnings` and `digests_sent` (migration 0011). "Once" is the primary key of those tables: a claim is an
 * insert that does nothing on conflict, and only the caller whose insert wrote a row sends.
 */
export class KyselyClockWarningStore implements ClockWarningStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  /** The dispatcher's scan, served by requests_warning_check_idx. Exposed so a plan test can explain it. */
  warningChecksDueQuery(now: Date, limit: number) {
    return this.db
      .selectFrom('requests')
      .selectAll()
      .where('warning_check_at', 'is not', null)
      .where('warning_check_at', '<=', now.getTime())
      .orderBy('warning_check_at', 'asc')
      .limit(limit);
  }

  async listWarningChecksDue(now: Date, limit: number): Promise<WarningCheckDue[]> {
    const rows = await this.warningChecksDueQuery(now, limit).execute();
    return rows.map((row) => ({ request: requestFromRow(row), checkAt: new Date(Number(row.warning_check_at)) }));
  }

  async earliestWarningCheck(): Promise<Date | null> {
    const row = await this.db
      .selectFrom('requests')
      .select('warning_check_at')
      .where('warning_check_at', 'is not', null)
      .orderBy('warning_check_at', 'asc')
      .limit(1)
      .executeTakeFirst();
    return row?.warning_check_at == null ? null : new Date(Number(row.warning_check_at));
  }

  async setWarningCheck(tenantId: string, requestId: string, next: Date | null, expected: { updatedAt: Date; checkAt: Date }): Promise<boolean> {
    const result = await this.db
      .updateTable('requests')
      .set({ warning_check_at: next === null ? null : next.getTime() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', requestId)
      .where('updated_at', '=', expected.updatedAt.getTime())
      .where('warning_check_at', '=', expected.checkAt.getTime())
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async recheckWarnings(tenantId: string, requestIds: readonly string[]): Promise<void> {
    for (const ids of chunks([...new Set(requestIds)], BATCH_ROWS)) {
      await this.db
        .updateTable('requests')
        .set((eb) => ({ warning_check_at: eb.ref('received_at') }))
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', ids)
        .where('status', '<>', 'resolved')
        .execute();
    }
  }

  async listWarnings(tenantId: string, requestIds: readonly string[]): Promise<ClockWarningRecord[]> {
    const found: ClockWarningRecord[] = [];
    for (const ids of chunks([...new Set(requestIds)], BATCH_ROWS)) {
      const rows = await this.db.selectFrom('clock_warnings').selectAll().where('tenant_id', '=', tenantId).where('request_id', 'in', ids).execute();
      found.push(...rows.map(warningFromRow));
    }
    return found;
  }

  async claimWarning(w: ClockWarningRecord): Promise<boolean> {
    const inserted = await this.db
      .insertInto('clock_warnings')
      .values({
        tenant_id: w.tenantId, request_id: w.requestId, clock: w.clock, kind: w.kind, assignee_id: w.assigneeId,
        transition_at: w.transitionAt.getTime(), status: w.status, recorded_at: w.recordedAt.getTime(),
        sent_at: w.sentAt === null ? null : w.sentAt.getTime(), digest_at: w.digestAt === null ? null : w.digestAt.getTime(),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'request_id', 'clock', 'kind']).doNothing())
      .returning('request_id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async setWarningStatus(tenantId: string, requestId: string, clock: ClockName, kind: 'atRisk' | 'breached', status: ClockWarningStatus, sentAt: Date | null = null): Promise<void> {
    await this.db
      .updateTable('clock_warnings')
      .set({ status, ...(sentAt === null ? {} : { sent_at: sentAt.getTime() }) })
      .where('tenant_id', '=', tenantId)
      .where('request_id', '=', requestId)
      .where('clock', '=', clock)
      .where('kind', '=', kind)
      .execute();
  }

  /**
   * The warning claims still `sending` from before `claimedBefore`, served by clock_warnings_sending_idx: the status is
   * a literal in the SQL, as in the partial index's own WHERE, so the planner can tell the index covers the query
   * without looking at bound values. Exposed so a plan test can explain it.
   */
  staleWarningClaimsQuery(claimedBefore: Date) {
    return this.db
      .selectFrom('clock_warnings')
      .select(['tenant_id', 'request_id', 'clock', 'kind', 'recorded_at'])
      .where('status', '=', sql.lit('sending'))
      .where('recorded_at', '<', claimedBefore.getTime())
      .limit(BATCH_ROWS);
  }

  /** The digest claims still `sending` from before `claimedBefore`, deleted; served by digests_sent_sending_idx. */
  staleDigestClaimsQuery(claimedBefore: Date) {
    return this.db
      .deleteFrom('digests_sent')
      .where('status', '=', sql.lit('sending'))
      .where('recorded_at', '<', claimedBefore.getTime())
      .returning(['tenant_id', 'person_id', 'kind', 'team_id']);
  }

  async releaseStaleWarningClaims(claimedBefore: Date): Promise<number> {
    const stale = await this.staleWarningClaimsQuery(claimedBefore).execute();
    let released = 0;
    for (const w of stale) {
      // One transaction each: the claim goes only if it is still the stale one (another instance may have released it,
      // or its send finished meanwhile), and then the request is looked at again.
      released += await this.db.transaction().execute(async (trx) => {
        const deleted = await trx
          .deleteFrom('clock_warnings')
          .where('tenant_id', '=', w.tenant_id)
          .where('request_id', '=', w.request_id)
          .where('clock', '=', w.clock)
          .where('kind', '=', w.kind)
          .where('status', '=', 'sending')
          .where('recorded_at', '=', w.recorded_at)
          .executeTakeFirst();
        if (Number(deleted.numDeletedRows) === 0) return 0;
        await trx
          .updateTable('requests')
          .set((eb) => ({ warning_check_at: eb.ref('received_at') }))
          .where('tenant_id', '=', w.tenant_id)
          .where('id', '=', w.request_id)
          .where('status', '<>', 'resolved')
          .execute();
        return 1;
      });
    }
    return released;
  }

  async listHeldWarnings(tenantId: string, assigneeId: string): Promise<ClockWarningRecord[]> {
    const rows = await this.db
      .selectFrom('clock_warnings')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('assignee_id', '=', assigneeId)
      .where('status', '=', 'held')
      .orderBy('transition_at', 'asc')
      .execute();
    return rows.map(warningFromRow);
  }

  async listDigestRecipients(): Promise<{ tenantId: string; personId: string }[]> {
    const holders = this.db.selectFrom('requests').select(['tenant_id', 'assignee_id']).where('status', 'in', OPEN_STATUSES);
    const held = this.db.selectFrom('clock_warnings').select(['tenant_id', 'assignee_id']).where('status', '=', 'held');
    // UNION (not UNION ALL) makes each person one row.
    const rows = await holders.union(held).execute();
    return rows.map((r) => ({ tenantId: r.tenant_id, personId: r.assignee_id }));
  }

  async listOwnersDigestTeams(): Promise<{ tenantId: string; teamId: string }[]> {
    const rows = await this.db.selectFrom('team_settings').select(['tenant_id', 'team_id']).where('owners_digest', '=', 1).orderBy('tenant_id').orderBy('team_id').execute();
    return rows.map((r) => ({ tenantId: r.tenant_id, teamId: r.team_id }));
  }

  async claimDigest(tenantId: string, personId: string, kind: DigestKind, teamId: string, localDate: string, at: Date): Promise<boolean> {
    const inserted = await this.db
      .insertInto('digests_sent')
      .values({ tenant_id: tenantId, person_id: personId, kind, team_id: teamId, local_date: localDate, status: 'sending', recorded_at: at.getTime() })
      .onConflict((oc) => oc.columns(['tenant_id', 'person_id', 'kind', 'team_id', 'local_date']).doNothing())
      .returning('person_id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async releaseStaleDigestClaims(claimedBefore: Date): Promise<{ tenantId: string; personId: string; kind: DigestKind; teamId: string }[]> {
    const deleted = await this.staleDigestClaimsQuery(claimedBefore).execute();
    return deleted.map((d) => ({ tenantId: d.tenant_id, personId: d.person_id, kind: d.kind as DigestKind, teamId: d.team_id }));
  }

  async setDigestStatus(tenantId: string, personId: string, kind: DigestKind, teamId: string, localDate: string, status: DigestStatus): Promise<void> {
    await this.db
      .updateTable('digests_sent')
      .set({ status })
      .where('tenant_id', '=', tenantId)
      .where('person_id', '=', personId)
      .where('kind', '=', kind)
      .where('team_id', '=', teamId)
      .where('local_date', '=', localDate)
      .execute();
  }
}
