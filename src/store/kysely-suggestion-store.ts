import type { Kysely } from 'kysely';
import type { SuggestionRecord } from '../app/records';
import type { SuggestionStore } from '../app/store-ports';
import type { RequestSource } from '../domain/request-lifecycle';
import { PREVIEW_MAX_CHARACTERS } from '../domain/request-text';
import { BATCH_ROWS } from './batches';
import type { DatabaseSchema } from './database-schema';
import { newId } from './new-id';

/** Candidate messages that look like requests; a dismissal is sticky (an upsert never clears it). */
export class KyselySuggestionStore implements SuggestionStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async upsert(suggestions: Omit<SuggestionRecord, 'id' | 'dismissed'>[]): Promise<void> {
    if (suggestions.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < suggestions.length; i += BATCH_ROWS) {
        const batch = new Map(
          suggestions.slice(i, i + BATCH_ROWS).map((s) => [`${s.tenantId}\u0000${s.personId}\u0000${s.source}\u0000${s.sourceMessageId}`, s]),
        );
        await trx
          .insertInto('suggestions')
          .values(
            [...batch.values()].map((s) => ({
              id: newId(),
              tenant_id: s.tenantId,
              person_id: s.personId,
              source: s.source,
              source_message_id: s.sourceMessageId,
              chat_id: s.chatId,
              from_id: s.fromId,
              subject: s.subject,
              preview: s.preview.slice(0, PREVIEW_MAX_CHARACTERS),
              received_at: s.receivedAt.getTime(),
              reason: s.reason,
              answered: s.answered ? 1 : 0,
              score: s.score,
              dismissed: 0,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'person_id', 'source', 'source_message_id']).doUpdateSet((eb) => ({
              chat_id: eb.ref('excluded.chat_id'),
              from_id: eb.ref('excluded.from_id'),
              subject: eb.ref('excluded.subject'),
              preview: eb.ref('excluded.preview'),
              received_at: eb.ref('excluded.received_at'),
              reason: eb.ref('excluded.reason'),
              answered: eb.ref('excluded.answered'),
              score: eb.ref('excluded.score'),
            })),
          )
          .execute();
      }
    });
  }

  /** Highest score first, then newest. */
  async list(tenantId: string, personId: string, options: { includeDismissed?: boolean; limit?: number } = {}): Promise<SuggestionRecord[]> {
    let query = this.db.selectFrom('suggestions').selectAll().where('tenant_id', '=', tenantId).where('person_id', '=', personId);
    if (!options.includeDismissed) query = query.where('dismissed', '=', 0);
    query = query.orderBy('score', 'desc').orderBy('received_at', 'desc').orderBy('id');
    if (options.limit !== undefined) query = query.limit(options.limit);
    const rows = await query.execute();
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      personId: r.person_id,
      source: r.source as RequestSource,
      sourceMessageId: r.source_message_id,
      chatId: r.chat_id,
      fromId: r.from_id,
      subject: r.subject,
      preview: r.preview,
      receivedAt: new Date(Number(r.received_at)),
      reason: r.reason,
      answered: Number(r.answered) === 1,
      score: Number(r.score),
      dismissed: Number(r.dismissed) === 1,
    }));
  }

  async dismiss(tenantId: string, personId: string, id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('suggestions')
      .set({ dismissed: 1 })
      .where('tenant_id', '=', tenantId)
      .where('person_id', '=', personId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async deleteForMessage(tenantId: string, personId: string, source: RequestSource, sourceMessageId: string): Promise<void> {
    await this.db
      .deleteFrom('suggestions')
      .where('tenant_id', '=', tenantId)
      .where('person_id', '=', personId)
      .where('source', '=', source)
      .where('source_message_id', '=', sourceMessageId)
      .execute();
  }
}
