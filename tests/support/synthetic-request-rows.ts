import type { DatabaseSchema } from '../../src/store/database-schema';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SyntheticShape {
  tenantId: string;
  requests: number;
  people: number;
  /** People are split evenly: person i belongs to team floor(i / (people / teams)). */
  teams: number;
  /** Requests are received uniformly over the `days` days before `endMillis`. */
  days: number;
  endMillis: number;
  seed: number;
}

export const personIdOf = (i: number): string => `p-${String(i).padStart(5, '0')}`;
export const teamIdOf = (i: number): string => `t-${String(i).padStart(3, '0')}`;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Deterministic request rows for benchmarks and plan tests (never used by the app). Recent requests are more often
 * open: received in the last 14 days → 40 % open, 10 % waiting; older → 2 % open; the rest resolved.
 * Calls `sink` with batches of `batchSize` rows so a million rows never sit in memory at once.
 */
export async function generateRequestRows(
  shape: SyntheticShape,
  batchSize: number,
  sink: (rows: DatabaseSchema['requests'][]) => Promise<void>,
): Promise<void> {
  const random = mulberry32(shape.seed);
  const perTeam = Math.max(1, Math.floor(shape.people / shape.teams));
  let batch: DatabaseSchema['requests'][] = [];
  for (let k = 0; k < shape.requests; k++) {
    const assignee = k % shape.people;
    const requester = (assignee + 1 + Math.floor(random() * (shape.people - 1))) % shape.people;
    const receivedAt = shape.endMillis - Math.floor(random() * shape.days * DAY_MS);
    const recent = shape.endMillis - receivedAt < 14 * DAY_MS;
    const roll = random();
    const status = recent ? (roll < 0.4 ? 'open' : roll < 0.5 ? 'waiting' : 'resolved') : roll < 0.02 ? 'open' : 'resolved';
    const answered = status === 'resolved' || random() < 0.5;
    const firstResponseAt = answered ? receivedAt + Math.floor(random() * 8 * 3600_000) : null;
    // Drawn in the order the row's fields were always drawn in, so a seed gives the same rows as before.
    const source = random() < 0.8 ? 'email' : 'chat';
    const resolvedAt = status === 'resolved' ? receivedAt + Math.floor(random() * 3 * DAY_MS) : null;
    const dueAt = status === 'open' ? receivedAt + (firstResponseAt === null ? 4 : 16) * 3600_000 : null;
    batch.push({
      id: `${shape.tenantId}-r-${String(k).padStart(8, '0')}`,
      tenant_id: shape.tenantId,
      source,
      source_message_id: `m-${k}`,
      conversation_id: `c-${k >> 2}`,
      chat_id: null,
      thread_id: null,
      web_link: null,
      requester_id: personIdOf(requester),
      assignee_id: personIdOf(assignee),
      team_id: teamIdOf(Math.min(shape.teams - 1, Math.floor(assignee / perTeam))),
      subject: `Request ${k}: please help with the quarterly report`,
      preview: 'Hi, could you have a look at the attached numbers before Friday? Thanks',
      category: ['hardware', 'access', 'payroll', 'other'][k % 4] ?? null,
      priority: ['low', 'normal', 'normal', 'high'][k % 4] ?? 'normal',
      note: null,
      colleague_override: 0,
      received_at: receivedAt,
      first_response_at: firstResponseAt,
      first_response_source: firstResponseAt === null ? null : 'email',
      first_response_message_id: null,
      resolved_at: resolvedAt,
      first_resolved_at: resolvedAt,
      reopen_count: 0,
      waiting_periods: status === 'waiting' ? JSON.stringify([{ from: receivedAt + 3600_000, to: null }]) : '[]',
      status,
      due_at: dueAt,
      first_response_breach_recorded: 0,
      resolution_breach_recorded: 0,
      breach_check_at: dueAt,
      // No warning pending: benchmarks that do not measure warnings get no warning work from these rows.
      warning_check_at: null,
      created_at: receivedAt,
      updated_at: receivedAt,
    });
    if (batch.length === batchSize) {
      await sink(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await sink(batch);
}
