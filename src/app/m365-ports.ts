import type { ActivityTopic } from '../domain/request-deep-link';

/**
 * Microsoft 365 source ports: what the use cases read from Microsoft Graph (directory, mail, chats) on behalf of a
 * signed-in user; src/graph implements them (src/devtenant simulates Graph in the demo).
 */
/**
 * Who a Graph call is made for: the adapter gets that user's Graph token from the GraphTokenProvider, for each request
 * from the context passed with THAT call (never one remembered from an earlier call).
 */
export interface UserContext {
  tenantId: string;
  userId: string;
  /**
   * The caller's current API access token (the on-behalf-of assertion), present on calls made for a signed-in request;
   * absent on background work. Kept in memory only; never logged or stored.
   */
  accessToken?: string;
}

/**
 * Graph tokens for a call (both modes: msal-node against Entra ID or the dev tenant's token endpoint): delegated
 * (on-behalf-of from `user.accessToken`, the caller's current token) when the call carries one, application access
 * for background work otherwise.
 */
export interface GraphTokenProvider {
  /**
   * @throws an error with code `consent_required` when the user or admin has not consented (or background work has no
   * access), `token_expired` when the caller's token can no longer be exchanged, `application_access_refused` when the
   * tenant refuses the app's own access.
   */
  getGraphToken(user: UserContext): Promise<string>;
  /** Forgets `token`, which Graph refused for this call's context, so the next call gets a fresh one. */
  invalidate?(user: UserContext, token: string): void;
}

export interface DirectoryPerson {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string | null;
  /** Graph's `proxyAddresses` as Graph gives them ('SMTP:' primary, 'smtp:' aliases, other kinds); src/domain/person-addresses reads them. */
  proxyAddresses: string[];
  /** Graph's `userType`: 'Member', 'Guest' (invited from another organisation), or null when Graph does not say. */
  userType: string | null;
  department: string | null;
}

/** Graph's directory, read for the user (addressed as /users/{id}, never /me): the person, others, /organization, mailboxSettings, teams. */
export interface DirectorySource {
  me(user: UserContext): Promise<DirectoryPerson>;
  person(user: UserContext, personId: string): Promise<DirectoryPerson | null>;
  /** The manager's id, or null. */
  managerOf(user: UserContext, personId: string): Promise<string | null>;
  /** Verified domain names of the tenant (/organization). */
  verifiedDomains(user: UserContext): Promise<string[]>;
  /** Raw Graph mailboxSettings (workingHours, automaticRepliesSetting, timeZone) of the user — for calendarFromGraph. */
  mailboxSettings(user: UserContext): Promise<unknown>;
  joinedTeams(user: UserContext): Promise<{ id: string; displayName: string }[]>;
  teamMembers(user: UserContext, teamId: string): Promise<{ personId: string; displayName: string; roles: string[] }[]>;
  /**
   * People of the tenant by email address — their mail, user principal name or any SMTP proxy address (an alias) —
   * batched and cached by address. Keys are the addresses lower-cased; addresses no one in the directory has are
   * missing from the map.
   */
  peopleByAddress(user: UserContext, addresses: string[]): Promise<Map<string, DirectoryPerson>>;
}

// ---------------------------------------------------------------------------------------------------------------
// Mail and chat sources (implemented in src/graph: GraphMailSource, GraphChatSource). Read as the signed-in user.
// ---------------------------------------------------------------------------------------------------------------

export interface MailAddress {
  name: string | null;
  address: string;
}

/** A mailbox message as the use cases need it: headers-level facts, subject and a ≤ 255-character preview; no body. */
export interface MailMessage {
  id: string;
  conversationId: string | null;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  receivedAt: Date | null;
  sentAt: Date | null;
  isDraft: boolean;
  subject: string;
  preview: string;
  webLink: string | null;
  categories: string[];
  /** An automatic reply (Auto-Submitted other than "no", or an OOF/auto-reply class; X-Auto-Response-Suppress alone is not one). */
  isAutoReply: boolean;
  /** Bulk mail (List-Unsubscribe, Precedence: bulk/list). */
  isBulk: boolean;
  /** A meeting request, response or cancellation (eventMessage). */
  isMeeting: boolean;
}

export type MailFolderName = 'inbox' | 'sentitems';

/** One page of a folder's delta round. */
export interface MailDeltaPage {
  messages: MailMessage[];
  /** Ids reported `@removed` (deleted or moved out of the folder). */
  removedIds: string[];
  /** Resume here for the next page of this round (null on the last page). */
  nextLink: string | null;
  /** Present on the last page: store it and start the next round from it. */
  deltaLink: string | null;
}

export interface MailSource {
  /** One message of the user's mailbox read from Graph; null when it does not exist. */
  getMessage(user: UserContext, messageId: string): Promise<MailMessage | null>;
  /**
   * The messages the user sent in one conversation, wherever they are now (Sent Items, Archive, Deleted Items, any
   * folder): the conversation's messages whose sender is one of `ownAddresses` (any case), all pages.
   */
  sentInConversation(user: UserContext, conversationId: string, ownAddresses: readonly string[]): Promise<MailMessage[]>;
  /**
   * {@link sentInConversation} for many conversations in few round trips, by conversation id. A conversation that
   * could not be read is absent from the map.
   */
  sentInConversations(user: UserContext, conversationIds: readonly string[], ownAddresses: readonly string[]): Promise<Map<string, MailMessage[]>>;
  /**
   * One delta page of a folder: from `link` (a stored nextLink or deltaLink) or, when null, a new round covering
   * messages received since `since`. @throws an error with code `delta_expired` when Graph answers 410 (start again).
   */
  deltaPage(user: UserContext, folder: MailFolderName, link: string | null, since: Date | null): Promise<MailDeltaPage>;
  /**
   * Adds an Outlook category to a message, creating the master category first when the mailbox lacks it.
   * `currentCategories`: the message's categories as just read (getMessage) — spares re-reading the message.
   */
  addCategory(user: UserContext, messageId: string, category: string, currentCategories?: readonly string[]): Promise<void>;
}

/** A Teams chat (or channel) message: ids, people, times and a ≤ 255-character text preview; no body. */
export interface ChatMessageInfo {
  id: string;
  chatId: string;
  fromUserId: string | null;
  fromDisplayName: string | null;
  /** The sender's tenant when Graph says (from.user.tenantId). */
  fromTenantId: string | null;
  createdAt: Date;
  lastModifiedAt: Date;
  deletedAt: Date | null;
  /** 'message', 'systemEventMessage', … */
  messageType: string;
  preview: string;
  replyToId: string | null;
  webUrl: string | null;
}

export interface ChatInfo {
  id: string;
  topic: string | null;
  chatType: string;
  lastMessageAt: Date | null;
  webUrl: string | null;
}

/** A member of a chat (Graph's aadUserConversationMember): who, from which tenant, and whether a guest. */
export interface ChatMemberInfo {
  userId: string | null;
  tenantId: string | null;
  /** Graph's roles: 'owner', 'guest' (a guest account or a federated member from another tenant). */
  roles: string[];
}

export interface ChatSource {
  /** One chat message read from Graph; null when the chat or message does not exist. */
  getMessage(user: UserContext, chatId: string, messageId: string): Promise<ChatMessageInfo | null>;
  /** The chat's members (through the person: only a chat they are in); null when the chat does not exist for them. */
  chatMembers(user: UserContext, chatId: string): Promise<ChatMemberInfo[] | null>;
  /**
   * For each chat, every message modified after `since` (null = all), newest first, all pages; batched (≤ 20 per
   * HTTP request). Chats that could not be read are missing from the result.
   */
  messagesModifiedSince(user: UserContext, queries: { chatId: string; since: Date | null }[]): Promise<Map<string, ChatMessageInfo[]>>;
  /** The user's chats, most recent activity first (up to `limit`). */
  recentChats(user: UserContext, limit: number): Promise<ChatInfo[]>;
}

/** A thread of a Teams channel: the team (Graph group id), the channel ('19:…@thread.tacv2') and the root message id. */
export interface ChannelThreadRef {
  teamId: string;
  channelId: string;
  threadId: string;
}

/**
 * Teams channel threads (implemented in src/graph: GraphChannelSource). Messages come back as ChatMessageInfo with
 * `chatId` = the channel id and `replyToId` = the thread's root id on replies.
 */
export interface ChannelThreadSource {
  /** The ids of a team's channels ('19:…@thread.tacv2'); null when the team does not exist (or is not readable). */
  channelIds(user: UserContext, teamId: string): Promise<string[] | null>;
  /**
   * One channel message read from Graph: the thread's root (`threadId` = `messageId`) or one of its replies; null when
   * the team, channel or message does not exist.
   */
  getMessage(user: UserContext, thread: ChannelThreadRef, messageId: string): Promise<ChatMessageInfo | null>;
  /**
   * The replies of each thread, all pages (Graph's `…/messages/{id}/replies`, batched ≤ 20 threads per HTTP request),
   * by thread id. Threads that could not be read are missing from the result.
   */
  threadReplies(user: UserContext, threads: readonly ChannelThreadRef[]): Promise<Map<string, ChatMessageInfo[]>>;
}

// ---------------------------------------------------------------------------------------------------------------
// Change-notification subscriptions (issue 19; implemented in src/graph: GraphSubscriptionSource). Background work:
// called with a context without an access token, so Graph is reached with Turnaround's application access.
// ---------------------------------------------------------------------------------------------------------------

/** What a subscription watches for the person: their Inbox, their Sent Items, or all their chats' messages. */
export type SubscribedResource = 'inbox' | 'sentitems' | 'chats';

/** A subscription to create: where Graph posts notifications and lifecycle events, its secret and its expiry. */
export interface NewChangeSubscription {
  resource: SubscribedResource;
  /** HTTPS URL Graph posts change notifications to (it validates it with a handshake before answering). */
  notificationUrl: string;
  /** HTTPS URL Graph posts lifecycle events to (Teams requires one for lifetimes past an hour; we always send it). */
  lifecycleNotificationUrl: string;
  /** The per-subscription secret Graph echoes in every notification (≤ 128 characters). Never logged. */
  clientState: string;
  expiresAt: Date;
}

export interface ChangeSubscriptionSource {
  /**
   * Creates a subscription to the person's `resource` (changes created, updated, deleted; no resource data).
   * @returns Graph's id, the Graph resource path subscribed to, and the expiry Graph granted.
   */
  create(user: UserContext, subscription: NewChangeSubscription): Promise<{ id: string; resource: string; expiresAt: Date }>;
  /** Moves the expiry; returns the one Graph granted. @throws an error with code `not_found` when Graph no longer has it. */
  renew(user: UserContext, id: string, expiresAt: Date): Promise<Date>;
  /** Answers a `reauthorizationRequired` lifecycle event. @throws an error with code `not_found` when Graph no longer has it. */
  reauthorize(user: UserContext, id: string): Promise<void>;
  /** Deletes the subscription; one Graph no longer has counts as deleted. */
  delete(user: UserContext, id: string): Promise<void>;
}

// The Teams activity feed (issue 20; implemented in src/graph: GraphActivityFeedSource). Sent by Turnaround itself with
// its application access (TeamsActivity.Send), never as a person: a warning or digest is the app's, not a colleague's.
// ---------------------------------------------------------------------------------------------------------------

/** The activity types declared in the app manifest (`activities.activityTypes`); each names its template parameters. */
export type ActivityType = 'requestAtRisk' | 'requestBreached' | 'workdayDigest' | 'thanksReceived';

/**
 * One activity-feed notification. `templateParameters` fill the manifest's templateText for `activityType`:
 * requestAtRisk `{requester}`, `{due}`; requestBreached `{requester}`, `{due}`; workdayDigest `{summary}`;
 * thanksReceived `{requester}` (Graph refuses a notification missing one). No message body ever goes in here.
 */
export interface ActivityNotification {
  activityType: ActivityType;
  /** What the notification is about and what a click opens (see requestActivityTopic in src/domain). */
  topic: ActivityTopic;
  /** The second line Teams shows (it shows the first 150 characters). */
  previewText: string;
  templateParameters: Readonly<Record<string, string>>;
  /** Notifications with the same chain id replace each other in the feed (e.g. "breached" replaces "at risk"). */
  chainId?: number;
}

export interface ActivityFeedSource {
  /**
   * Sends one notification to one person's Teams activity feed (Graph waits out its 429s within a bounded retry).
   * @throws an error with code `not_found` when the person is unknown or Turnaround's Teams app is not installed for
   * them, `graph_forbidden` without the TeamsActivity.Send permission, `graph_unavailable` when Graph stays throttled,
   * `graph_error` for a notification Graph refuses (e.g. an activity type the manifest does not declare).
   */
  notify(tenantId: string, recipientId: string, notification: ActivityNotification): Promise<void>;
  /**
   * Sends the same notification to several people of a tenant (Graph's bulk call, 100 people a request; delivered
   * asynchronously, so someone without the app just gets nothing). Same errors as {@link ActivityFeedSource.notify}.
   */
  notifyMany(tenantId: string, recipientIds: readonly string[], notification: ActivityNotification): Promise<void>;
}
