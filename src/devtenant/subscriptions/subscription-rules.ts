import type { ChangeType } from '../demo-organization';
import { GraphSimulatorError, badRequest } from '../graph-errors';

/**
 * Graph's rules for change-notification subscriptions on the resources Turnaround watches, as pure functions of the
 * request body and `now` (Graph v1.0, "subscription resource type" and "Create subscription", checked 2026-11-29).
 */

/** What a subscription watches: one mail folder of one mailbox, or every chat of one user. `userRef` as written. */
export type SubscribedResource =
  | { kind: 'mail'; userRef: string; folder: 'inbox' | 'sentitems' }
  | { kind: 'chatMessages'; userRef: string };

/** Maximum lifetimes without resource data: Outlook messages 10,080 minutes, Teams chat messages 4,320 minutes. */
export const MAX_LIFETIME_MINUTES: Record<SubscribedResource['kind'], number> = { mail: 10_080, chatMessages: 4_320 };

/** Teams refuses a chat-message subscription living over an hour without a lifecycleNotificationUrl. */
export const LIFECYCLE_URL_REQUIRED_AFTER_MINUTES = 60;

/** Graph's limit on clientState. */
export const CLIENT_STATE_MAX_LENGTH = 128;

export const CHANGE_TYPES: readonly ChangeType[] = ['created', 'updated', 'deleted'];

const MAIL_RESOURCE = /^\/?(users\/[^/]+|me)\/mailFolders\('([^')]+)'\)\/messages$/i;
const CHATS_RESOURCE = /^\/?(users\/[^/]+)\/chats\/getAllMessages$/i;
const WELL_KNOWN_FOLDERS: Record<string, 'inbox' | 'sentitems'> = { inbox: 'inbox', sentitems: 'sentitems' };

/**
 * Parses a resource path the simulator can watch: `/users/{id}/mailFolders('inbox')/messages` (also `Inbox`,
 * `SentItems`, `me/…` and without the leading slash, as Graph accepts), `/users/{id}/chats/getAllMessages`.
 * Returns null for anything else.
 */
export function parseSubscribedResource(resource: string): SubscribedResource | null {
  const mail = MAIL_RESOURCE.exec(resource);
  if (mail) {
    const folder = WELL_KNOWN_FOLDERS[(mail[2] ?? '').toLowerCase()];
    if (!folder) return null;
    return { kind: 'mail', userRef: userRefOf(mail[1] ?? ''), folder };
  }
  const chats = CHATS_RESOURCE.exec(resource);
  if (chats) return { kind: 'chatMessages', userRef: userRefOf(chats[1] ?? '') };
  return null;
}

function userRefOf(segment: string): string {
  return segment.toLowerCase() === 'me' ? 'me' : segment.slice('users/'.length);
}

/**
 * Whether Graph may call this URL: `https://` only — except `http://localhost` and `http://127.0.0.1` (any port),
 * which the dev tenant allows so that the demo can receive notifications without a public endpoint.
 */
export function isAllowedNotificationUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
}

/** A create request that passed Graph's checks of its body (the resource's user and permissions are checked later). */
export interface ValidSubscriptionRequest {
  resource: string;
  target: SubscribedResource;
  changeTypes: ChangeType[];
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationMs: number;
  latestSupportedTlsVersion: string;
}

/**
 * Checks a `POST /subscriptions` body as Graph does, in Graph's order: required properties, changeType, URLs,
 * resource, resource data, lifetime.
 * @throws GraphSimulatorError (400) with Graph's code and message for the first problem found.
 */
export function validateCreateSubscription(body: unknown, nowMs: number): ValidSubscriptionRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('BadRequest', 'Empty Payload. JSON content expected.');
  const b = body as Record<string, unknown>;
  for (const name of ['changeType', 'notificationUrl', 'resource', 'expirationDateTime']) {
    if (typeof b[name] !== 'string' || b[name] === '') throw badRequest('InvalidRequest', `Property '${name}' is required and must be a non-empty string.`);
  }
  const changeTypes = parseChangeTypes(b.changeType as string);
  const notificationUrl = b.notificationUrl as string;
  checkUrl('notificationUrl', notificationUrl);
  const lifecycleNotificationUrl = b.lifecycleNotificationUrl === undefined || b.lifecycleNotificationUrl === null ? null : b.lifecycleNotificationUrl;
  if (lifecycleNotificationUrl !== null) {
    if (typeof lifecycleNotificationUrl !== 'string') throw badRequest('InvalidRequest', "Property 'lifecycleNotificationUrl' must be a string.");
    checkUrl('lifecycleNotificationUrl', lifecycleNotificationUrl);
  }
  const clientState = b.clientState === undefined || b.clientState === null ? null : b.clientState;
  if (clientState !== null && (typeof clientState !== 'string' || clientState.length > CLIENT_STATE_MAX_LENGTH)) {
    throw badRequest('InvalidRequest', `Property 'clientState' must be a string of at most ${String(CLIENT_STATE_MAX_LENGTH)} characters.`);
  }
  const resource = b.resource as string;
  const target = parseSubscribedResource(resource);
  if (!target) throw badRequest('InvalidRequest', `The resource '${resource}' is not supported for change notifications by the dev tenant; use /users/{id}/mailFolders('inbox')/messages, /users/{id}/mailFolders('sentitems')/messages or /users/{id}/chats/getAllMessages.`);
  if (b.includeResourceData !== undefined && b.includeResourceData !== false) {
    // With resource data Graph needs an encryptionCertificate and encrypts the content; the dev tenant does not.
    throw badRequest('InvalidRequest', "The dev tenant delivers notifications without resource data only: 'includeResourceData' must be false.");
  }
  const expirationMs = parseExpiration(b.expirationDateTime as string);
  checkLifetime(target.kind, expirationMs, nowMs, lifecycleNotificationUrl !== null);
  const tls = typeof b.latestSupportedTlsVersion === 'string' ? b.latestSupportedTlsVersion : 'v1_2';
  return { resource, target, changeTypes, notificationUrl, lifecycleNotificationUrl, clientState, expirationMs, latestSupportedTlsVersion: tls };
}

/**
 * Checks a `PATCH /subscriptions/{id}` body: only `expirationDateTime`, within the resource's lifetime from now.
 * @returns the new expiration (epoch ms).
 * @throws GraphSimulatorError (400).
 */
export function validateSubscriptionRenewal(body: unknown, kind: SubscribedResource['kind'], hasLifecycleUrl: boolean, nowMs: number): number {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('BadRequest', 'Empty Payload. JSON content expected.');
  const b = body as Record<string, unknown>;
  const other = Object.keys(b).find((k) => k !== 'expirationDateTime' && !k.startsWith('@odata.'));
  if (other) throw badRequest('InvalidRequest', `The dev tenant updates only 'expirationDateTime' of a subscription, not '${other}'.`);
  if (typeof b.expirationDateTime !== 'string') throw badRequest('InvalidRequest', "Property 'expirationDateTime' is required and must be a non-empty string.");
  const expirationMs = parseExpiration(b.expirationDateTime);
  checkLifetime(kind, expirationMs, nowMs, hasLifecycleUrl);
  return expirationMs;
}

/** Graph's `changeType`: a comma-separated subset of created, updated, deleted (at least one). */
export function parseChangeTypes(raw: string): ChangeType[] {
  const parts = raw.split(',').map((p) => p.trim());
  const bad = parts.find((p) => !(CHANGE_TYPES as readonly string[]).includes(p));
  if (bad !== undefined) throw badRequest('InvalidRequest', `'${bad}' is not a valid change type. Valid change types are created, updated and deleted.`);
  return [...new Set(parts as ChangeType[])];
}

function checkUrl(name: string, url: string): void {
  if (!isAllowedNotificationUrl(url)) {
    throw badRequest('InvalidRequest', `The ${name} '${url}' must be an absolute https:// URL (the dev tenant also allows http://localhost and http://127.0.0.1).`);
  }
}

function parseExpiration(raw: string): number {
  const ms = Date.parse(raw);
  if (!Number.isFinite(ms)) throw badRequest('InvalidRequest', `Property 'expirationDateTime' has an invalid value '${raw}'.`);
  return ms;
}

/** @throws GraphSimulatorError when the lifetime is in the past, too long, or needs a lifecycleNotificationUrl. */
export function checkLifetime(kind: SubscribedResource['kind'], expirationMs: number, nowMs: number, hasLifecycleUrl: boolean): void {
  if (expirationMs <= nowMs) throw badRequest('InvalidRequest', 'Subscription expiration must be in the future.');
  const maxMinutes = MAX_LIFETIME_MINUTES[kind];
  if (expirationMs - nowMs > maxMinutes * 60_000) {
    // Exchange's wording (seen from live Graph); Teams says the same with its own limit.
    throw new GraphSimulatorError(400, 'ExtensionError', `Subscription expiration can only be ${String(maxMinutes)} minutes in the future.`);
  }
  if (kind === 'chatMessages' && !hasLifecycleUrl && expirationMs - nowMs > LIFECYCLE_URL_REQUIRED_AFTER_MINUTES * 60_000) {
    throw badRequest('InvalidRequest', 'lifecycleNotificationUrl is a required property for subscription creation on this resource when the expirationDateTime value is set to greater than 1 hour.');
  }
}

/** Graph starts reauthorization challenges in the last hour of a subscription and repeats them every 15 minutes. */
export const REAUTHORIZATION_WINDOW_MINUTES = 60;
export const REAUTHORIZATION_INTERVAL_MINUTES = 15;

/**
 * Whether a `reauthorizationRequired` challenge is due for a subscription now (Graph's lifecycle document: "before the
 * subscription is about to expire", every 15 minutes in its last hour). `lastChallengeMs`: the last challenge or
 * reauthorization, null when none.
 */
export function reauthorizationDue(expirationMs: number, lastChallengeMs: number | null, nowMs: number): boolean {
  if (nowMs >= expirationMs || expirationMs - nowMs > REAUTHORIZATION_WINDOW_MINUTES * 60_000) return false;
  return lastChallengeMs === null || nowMs - lastChallengeMs >= REAUTHORIZATION_INTERVAL_MINUTES * 60_000;
}

/** Exponential back-off (real milliseconds) before retry `attempt` (2, 3, …): base, 2×base, 4×base … */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return baseMs * 2 ** Math.max(0, attempt - 2);
}
