/**
 * Messages offered for tracking: suggestions from my mail and chats, and recent chat messages.
 * The API sends these as JSON (src/contracts/api.ts re-exports them): instants are ISO-8601 UTC strings.
 */
import type { RequestSource } from '../../domain/request-lifecycle';
import type { PersonRef } from '../records';

/** GET /api/me/suggestions */
export interface Suggestion {
  id: string;
  source: RequestSource;
  messageId: string;
  chatId: string | null;
  from: PersonRef;
  subject: string;
  preview: string;
  receivedAt: string;
  /** Why it was suggested, in words ("asks a question", "says 'could you'", "mentions a deadline"). */
  reason: string;
  /** Already answered by me: ranked lower. */
  answered: boolean;
  score: number;
}

/**
 * GET /api/me/suggestions. Dismissing one: `POST /api/me/suggestions/:id/dismiss` → 204 with no body, remembered by the
 * server (it is not listed again); 404 `not_found` for an id that is not one of the caller's suggestions.
 */
export interface SuggestionsResponse {
  suggestions: Suggestion[];
}

/** GET /api/me/chats/recent */
export interface RecentChatMessage {
  chatId: string;
  messageId: string;
  chatTopic: string | null;
  from: PersonRef;
  preview: string;
  createdAt: string;
  tracked: boolean;
}

export interface RecentChatsResponse {
  messages: RecentChatMessage[];
}
