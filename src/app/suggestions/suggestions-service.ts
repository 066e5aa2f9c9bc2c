/** GET /api/me/suggestions and dismissing one. Dismissals are remembered by the store (an upsert never un-dismisses). */
import type { PersonRef } from '../records';
import type { SuggestionsResponse } from '../views/inbox-views';
import { DomainError } from '../../domain/domain-error';
import type { UserContext } from '../m365-ports';
import type { Stores } from '../store-ports';

export interface SuggestionsDeps {
  stores: Stores;
  /** Display references for person ids (the API's DirectoryService.people). */
  people: (tenantId: string, ids: string[]) => Promise<Map<string, PersonRef>>;
}

/** The caller's suggestions, best first: unanswered before answered, then by score, then newest. */
export async function listSuggestions(deps: SuggestionsDeps, user: UserContext, limit = 50): Promise<SuggestionsResponse> {
  const rows = await deps.stores.suggestions.list(user.tenantId, user.userId, { limit: 500 });
  const sorted = rows
    .filter((s) => !s.dismissed)
    .sort((a, b) => Number(a.answered) - Number(b.answered) || b.score - a.score || b.receivedAt.getTime() - a.receivedAt.getTime())
    .slice(0, limit);
  const people = await deps.people(user.tenantId, [...new Set(sorted.map((s) => s.fromId))]);
  return {
    suggestions: sorted.map((s) => ({
      id: s.id, source: s.source, messageId: s.sourceMessageId, chatId: s.chatId,
      from: people.get(s.fromId) ?? { id: s.fromId, displayName: s.fromId.replace(/^external:/, ''), mail: null, department: null },
      subject: s.subject, preview: s.preview, receivedAt: s.receivedAt.toISOString(), reason: s.reason, answered: s.answered, score: s.score,
    })),
  };
}

/** Dismisses one of the caller's suggestions. @throws DomainError `not_found`. */
export async function dismissSuggestion(deps: Pick<SuggestionsDeps, 'stores'>, user: UserContext, id: string): Promise<void> {
  const ok = await deps.stores.suggestions.dismiss(user.tenantId, user.userId, id);
  if (!ok) throw new DomainError('not_found', 'The suggestion was not found.');
}
