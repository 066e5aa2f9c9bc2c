/**
 * What the API routes call: the stores, the clock, the directory, and the use cases other parts provide (tracking,
 * sync, suggestions, recent chats). A use case not wired in answers 503 `unavailable` rather than pretending.
 */
import type { RecentChatsResponse, SuggestionsResponse, SyncStatusResponse, TrackRequestBody } from '../contracts/api';
import type { Clock } from '../app/clock';
import type { UserContext } from '../app/m365-ports';
import type { RequestRecord } from '../app/records';
import type { Stores } from '../app/store-ports';
import type { DirectoryService } from '../app/directory-service';

export interface ApiServices {
  stores: Stores;
  clock: Clock;
  directory: DirectoryService;
  demo: boolean;
  /** Days of calendar and standards history kept: the request retention (RETENTION_DAYS). */
  historyDays: number;
  trackRequest: ((user: UserContext, body: TrackRequestBody) => Promise<{ request: RequestRecord; created: boolean }>) | null;
  sync: { start(user: UserContext): Promise<void> | void; status(user: UserContext): Promise<SyncStatusResponse> | SyncStatusResponse } | null;
  suggestions: { list(user: UserContext): Promise<SuggestionsResponse>; dismiss?(user: UserContext, id: string): Promise<boolean> } | null;
  recentChats: ((user: UserContext) => Promise<RecentChatsResponse>) | null;
  /** Deletes a person's Graph change-notification subscriptions with their data; null without application access. */
  changeSubscriptions?: { remove(user: UserContext): Promise<unknown> } | null;
}
