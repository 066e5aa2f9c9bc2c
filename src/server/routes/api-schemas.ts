/**
 * zod schemas for every API route's params, query and body. Strict objects: unknown keys are rejected, so a client
 * cannot smuggle times, senders or identities. Sizes are bounded so hostile input costs little.
 */
import { z } from 'zod';
import { NOTE_MAX_CHARACTERS } from '../../domain/request-note';
import { PRIORITIES } from '../../domain/priority';
import { CATEGORY_MAX_CHARACTERS } from '../../domain/request-text';
import { WARNING_CHOICES } from '../../app/records';

const PRIORITY = z.enum(PRIORITIES);
const SOURCE = z.enum(['email', 'chat']);
const HHMM = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a local time HH:MM');
const DAY = z.enum(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']);
const LOCAL_DATE = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date YYYY-MM-DD');
/** Graph message ids are base64url-ish and long; chat message ids are numbers; request ids are ours. */
const GRAPH_ID = z.string().min(1).max(1024).regex(/^[A-Za-z0-9+/=_\-.:@]+$/, 'an id');
/** True when `s` holds a control character other than tab, newline and carriage return. */
function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
}
const TEXT = (max: number) => z.string().max(max).refine((s) => !hasControlCharacter(s), 'no control characters');

export const requestIdParams = z.strictObject({ id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'a request id') });
/** A Microsoft 365 group (team) id. */
const TEAM_ID = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:@-]+$/, 'a team (group) id');
export const teamParams = z.strictObject({ groupId: TEAM_ID });
export const homeTeamBody = z.strictObject({ teamId: TEAM_ID });

export const queueQuery = z.strictObject({ include: z.enum(['open', 'all']).default('open') });
export const statsQuery = z.strictObject({ period: z.enum(['7d', '30d', '90d', '365d']).default('30d') });
export const dashboardQuery = z.strictObject({ period: z.enum(['7d', '30d', '90d']).default('30d') });
export const lookupQuery = z.strictObject({ source: SOURCE, messageId: GRAPH_ID });
export const emptyQuery = z.strictObject({});

export const trackBody = z.strictObject({
  source: SOURCE,
  messageId: GRAPH_ID,
  chatId: GRAPH_ID.optional(),
  /** A channel message: its team's Graph id and its thread's root id (chatId is then the channel's id). */
  teamId: GRAPH_ID.optional(),
  threadId: GRAPH_ID.optional(),
  category: TEXT(CATEGORY_MAX_CHARACTERS).optional(),
  priority: PRIORITY.optional(),
  note: TEXT(NOTE_MAX_CHARACTERS).optional(),
  override: z.boolean().optional(),
}).refine((b) => b.source !== 'chat' || b.chatId !== undefined, { message: 'chatId is required for chat messages', path: ['chatId'] })
  .refine((b) => b.teamId === undefined || b.source === 'chat', { message: 'teamId is for channel messages (source "chat")', path: ['teamId'] })
  .refine((b) => b.threadId === undefined || b.teamId !== undefined, { message: 'threadId is for channel messages (with teamId)', path: ['threadId'] });

export const requestActionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('resolve') }),
  z.strictObject({ action: z.literal('reopen') }),
  z.strictObject({ action: z.literal('wait') }),
  z.strictObject({ action: z.literal('resume') }),
  z.strictObject({ action: z.literal('respond') }),
  z.strictObject({ action: z.literal('untrack') }),
  z.strictObject({ action: z.literal('undo'), eventId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'an event id') }),
  z.strictObject({
    action: z.literal('update'),
    category: TEXT(CATEGORY_MAX_CHARACTERS).nullable().optional(),
    priority: PRIORITY.optional(),
    note: TEXT(NOTE_MAX_CHARACTERS).nullable().optional(),
    teamId: TEAM_ID.optional(),
  }),
]);

export const teamSettingsBody = z.strictObject({
  teamId: z.string().max(128).optional(),
  categories: z.array(TEXT(CATEGORY_MAX_CHARACTERS).min(1)).max(50),
  standards: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/),
        name: TEXT(CATEGORY_MAX_CHARACTERS).min(1),
        category: TEXT(CATEGORY_MAX_CHARACTERS).nullable(),
        priority: PRIORITY.nullable(),
        firstResponseTargetMinutes: z.number().int().min(1).max(525_600),
        resolutionTargetMinutes: z.number().int().min(1).max(525_600),
      }),
    )
    .min(1)
    .max(50),
  calendar: z.strictObject({
    timeZone: z.string().min(1).max(100),
    windows: z.array(z.strictObject({ days: z.array(DAY).min(1).max(7), start: HHMM, end: HHMM })).min(1).max(21),
  }),
  holidays: z.array(LOCAL_DATE).max(400),
  pauseForOutOfOffice: z.boolean(),
  privacy: z.strictObject({ minGroupSize: z.number().int().min(3).max(1000), individualView: z.boolean() }),
  // Optional so that a save from a client that predates the owners' digest keeps it as it was.
  ownersDigest: z.boolean().optional(),
});

/** PUT /api/me/preferences: what reaches my Teams activity feed. */
export const preferencesBody = z.strictObject({ warnings: z.enum(WARNING_CHOICES) });

/** "30d" → 30 */
export function periodDays(period: string): number {
  return Number.parseInt(period, 10);
}
