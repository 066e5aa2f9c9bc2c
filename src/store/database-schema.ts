/**
 * Kysely table types: the database as the repositories see it (snake_case columns).
 *
 * Portable column choices, identical in SQLite and PostgreSQL so one query text serves both:
 * - instants are integer epoch milliseconds UTC (`bigint`; the pg pool parses int8 as a JS number). Integers compare
 *   and sort the same in both engines, so the (…, due_at) and (…, received_at) indexes serve range scans and ordering;
 *   ISO text would too, but integers are smaller (8 bytes vs ~24) and need no format discipline.
 * - booleans are `integer` 0/1 (SQLite has no boolean type);
 * - JSON values (waiting periods, standards, calendars, event data) are `text`, parsed by the repositories; nothing
 *   queries inside them.
 */
export interface TenantsTable {
  id: string;
  verified_domains: string;
  refreshed_at: number;
}

export interface PeopleTable {
  tenant_id: string;
  id: string;
  display_name: string;
  mail: string | null;
  user_principal_name: string | null;
  department: string | null;
  manager_id: string | null;
  calendar: string | null;
  refreshed_at: number;
  /** JSON array of the person's lower-cased addresses (migration 0007); null = mail and UPN only. */
  addresses: string | null;
  /** The team the person chose for their requests (migration 0008); null until chosen. */
  home_team_id: string | null;
}

export interface TeamsTable {
  tenant_id: string;
  id: string;
  display_name: string;
  refreshed_at: number;
}

export interface TeamMembersTable {
  tenant_id: string;
  team_id: string;
  person_id: string;
  role: string;
}

export interface TeamSettingsTable {
  tenant_id: string;
  team_id: string;
  categories: string;
  standards: string;
  calendar: string;
  holidays: string;
  pause_for_out_of_office: number;
  min_group_size: number;
  individual_view: number;
  updated_at: number;
  /** JSON array of the team's earlier standards, `{until, standards}` oldest first (migration 0006); '[]' when none. */
  past_standards: string;
  /** Owners' digest on (1) or off (0) (migration 0010). */
  owners_digest: number;
}

export interface RequestsTable {
  id: string;
  tenant_id: string;
  source: string;
  source_message_id: string;
  conversation_id: string | null;
  chat_id: string | null;
  thread_id: string | null;
  web_link: string | null;
  requester_id: string;
  assignee_id: string;
  team_id: string | null;
  subject: string;
  preview: string;
  category: string | null;
  priority: string;
  note: string | null;
  colleague_override: number;
  received_at: number;
  first_response_at: number | null;
  first_response_source: string | null;
  /** The Graph id of the answering message (migration 0004); null when none or marked by hand. */
  first_response_message_id: string | null;
  resolved_at: number | null;
  /** When first resolved; a reopen keeps it (migration 0005). */
  first_resolved_at: number | null;
  /** Times reopened (migration 0005). */
  reopen_count: number;
  waiting_periods: string;
  status: string;
  due_at: number | null;
  first_response_breach_recorded: number;
  resolution_breach_recorded: number;
  /**
   * When the breach recorder next looks at the request (migration 0005): the earliest instant a clock may pass its
   * target with no breach event written yet; null when none can. Never later than a `due_at` written since.
   */
  breach_check_at: number | null;
  /** When the warning dispatcher next looks at the request (migration 0011); null when no warning is left to send. */
  warning_check_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface RequestEventsTable {
  id: string;
  tenant_id: string;
  request_id: string;
  type: string;
  actor_id: string;
  at: number;
  data: string | null;
}

/** An untracked request, kept for the undo window (see migrations/0002-untracked-requests.ts). */
export interface UntrackedRequestsTable {
  tenant_id: string;
  id: string;
  assignee_id: string;
  requester_id: string;
  received_at: number;
  untracked_at: number;
  /** The `requests` row as JSON. */
  row: string;
}

export interface SyncStateTable {
  tenant_id: string;
  person_id: string;
  resource: string;
  delta_link: string | null;
  watermark: number | null;
  last_run_at: number | null;
}

/** One row per person to sync: the lease lives here so a person's mailbox and chats are synced by one worker. */
export interface SyncPeopleTable {
  tenant_id: string;
  person_id: string;
  registered_at: number;
  last_run_at: number | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
}

export interface SuggestionsTable {
  id: string;
  tenant_id: string;
  person_id: string;
  source: string;
  source_message_id: string;
  chat_id: string | null;
  from_id: string;
  subject: string;
  preview: string;
  received_at: number;
  reason: string;
  answered: number;
  score: number;
  dismissed: number;
}

/** A person's Graph change-notification subscription (migration 0009). */
export interface GraphSubscriptionsTable {
  id: string;
  tenant_id: string;
  person_id: string;
  kind: string;
  resource: string;
  /** The per-subscription secret Graph echoes; never logged. */
  client_state: string;
  expires_at: number;
  created_at: number;
  failures: number;
}

/**
 * A person's changes waiting for a delta run (migration 0009), coalesced: flags 0/1, `seq` growing with every record
 * and never restarting (a clear keeps the row with the flags at 0 and `due_at` null).
 */
export interface PendingChangesTable {
  tenant_id: string;
  person_id: string;
  mail: number;
  chats: number;
  seq: number;
  /** When the person is due for a sync (see migration 0009); null when nothing is pending. */
  due_at: number | null;
  /** Changes recorded before this instant (the gap after the person's last sync) are due at it; null before any sync. */
  quiet_until: number | null;
}

/** A person's choice of what reaches their Teams activity feed (migration 0010); no row = the default. */
export interface WarningPreferencesTable {
  tenant_id: string;
  person_id: string;
  /** 'warningsAndDigest', 'digestOnly' or 'off'. */
  choice: string;
  updated_at: number;
}

/** A warning about one clock transition of a request, claimed once (migration 0011). */
export interface ClockWarningsTable {
  tenant_id: string;
  request_id: string;
  clock: string;
  /** 'atRisk' or 'breached'. */
  kind: string;
  assignee_id: string;
  transition_at: number;
  /** 'sending', 'sent', 'held', 'digested', 'skipped' or 'failed'. */
  status: string;
  recorded_at: number;
  sent_at: number | null;
  digest_at: number | null;
}

/** A digest claimed for one person's local working day (migration 0011); team_id '' for the personal digest. */
export interface DigestsSentTable {
  tenant_id: string;
  person_id: string;
  /** 'personal' or 'owners'. */
  kind: string;
  team_id: string;
  local_date: string;
  /** 'sending', 'sent', 'empty' or 'failed'. */
  status: string;
  recorded_at: number;
}

export interface DatabaseSchema {
  tenants: TenantsTable;
  people: PeopleTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  team_settings: TeamSettingsTable;
  requests: RequestsTable;
  request_events: RequestEventsTable;
  untracked_requests: UntrackedRequestsTable;
  sync_state: SyncStateTable;
  sync_people: SyncPeopleTable;
  suggestions: SuggestionsTable;
  graph_subscriptions: GraphSubscriptionsTable;
  pending_changes: PendingChangesTable;
  warning_preferences: WarningPreferencesTable;
  clock_warnings: ClockWarningsTable;
  digests_sent: DigestsSentTable;
}

export type StoreDialect = 'sqlite' | 'postgres';
