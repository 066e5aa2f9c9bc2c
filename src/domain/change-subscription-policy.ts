/**
 * When Graph change-notification subscriptions are renewed, how failing ones are retried, and when a person needs the
 * slow safety-net poll instead (issue 19). Pure: every instant is a parameter.
 *
 * Graph's maxima (learn.microsoft.com/graph/api/resources/subscription, "Subscription lifetime", checked 2026-11-29):
 * Outlook messages 10,080 minutes (under 7 days), Teams chat messages 4,320 minutes (3 days).
 */

/** What one subscription watches: the Inbox, Sent Items, or every chat of the person. */
export type SubscriptionKind = 'inbox' | 'sentitems' | 'chats';

/** Every kind: a person who uses Turnaround has one subscription of each. */
export const SUBSCRIPTION_KINDS: readonly SubscriptionKind[] = ['inbox', 'sentitems', 'chats'];

export function isSubscriptionKind(value: unknown): value is SubscriptionKind {
  return (SUBSCRIPTION_KINDS as readonly unknown[]).includes(value);
}

/** The facts of a subscription these rules read. */
export interface SubscriptionHealthFacts {
  kind: SubscriptionKind;
  expiresAt: Date;
  /** Failed renewals or re-creations in a row. */
  failures: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Lifetime asked for at creation and each renewal, in minutes.
 * - Mail: 4,320 (3 days), well under Graph's 10,080. A longer one would save about one PATCH a week per mailbox folder,
 *   but 3 days bounds how long a subscription we failed to delete (a person who left, a deletion Graph did not answer)
 *   keeps delivering, and puts a person's three subscriptions on one renewal rhythm.
 * - Chats: 4,230 (70.5 h), 90 minutes under Graph's 4,320, so a clock of ours running behind Graph's never asks for
 *   more than Graph allows (Graph answers 400 to an expiry past its maximum).
 */
export const SUBSCRIPTION_LIFETIME_MINUTES: Readonly<Record<SubscriptionKind, number>> = { inbox: 4_320, sentitems: 4_320, chats: 4_230 };

/**
 * Share of the lifetime left when a renewal falls due: a third (about 24 h for mail, 23.5 h for chats). A whole day of
 * retries (see {@link renewalRetryDelayMs}) rides out a Graph or database outage before the subscription lapses, and
 * a subscription is renewed about every 47–48 h: 3 subscriptions × 24/48 ≈ 1.5 Graph requests per idle person a day.
 */
export const RENEWAL_SHARE_OF_LIFETIME = 1 / 3;

/** Failures in a row after which a person's changes are also polled by the safety net (issue 19). */
export const SAFETY_NET_FAILURES = 3;

/** How often the safety net polls a person whose subscriptions are missing or failing: mail every 6 h, chats daily. */
export const SAFETY_NET_INTERVAL_MS: Readonly<{ mail: number; chats: number }> = { mail: 6 * HOUR_MS, chats: 24 * HOUR_MS };

/** First wait after a failed renewal or creation, doubled per further failure up to {@link MAX_RETRY_DELAY_MS}. */
export const FIRST_RETRY_DELAY_MS = 5 * MINUTE_MS;
/** Longest wait between attempts for one failing subscription: 6 h, the safety net's own rhythm for mail. */
export const MAX_RETRY_DELAY_MS = 6 * HOUR_MS;

/** The expiry to ask Graph for when creating or renewing a subscription of `kind` at `now`. */
export function subscriptionExpiry(kind: SubscriptionKind, now: Date): Date {
  return new Date(now.getTime() + SUBSCRIPTION_LIFETIME_MINUTES[kind] * MINUTE_MS);
}

/** How long before expiry a subscription of `kind` falls due for renewal, in ms. */
export function renewalMarginMs(kind: SubscriptionKind): number {
  return SUBSCRIPTION_LIFETIME_MINUTES[kind] * MINUTE_MS * RENEWAL_SHARE_OF_LIFETIME;
}

/** The longest renewal margin of any kind: renewal ticks look this far ahead and filter per kind. */
export function longestRenewalMarginMs(): number {
  return Math.max(...(Object.keys(SUBSCRIPTION_LIFETIME_MINUTES) as SubscriptionKind[]).map(renewalMarginMs));
}

/** Whether the subscription should be renewed at `now` (its remaining lifetime is within the margin). */
export function renewalDue(subscription: Pick<SubscriptionHealthFacts, 'kind' | 'expiresAt'>, now: Date): boolean {
  return subscription.expiresAt.getTime() - now.getTime() <= renewalMarginMs(subscription.kind);
}

/** Whether Graph has already dropped the subscription at `now` (it deletes a subscription once it expires). */
export function hasExpired(subscription: Pick<SubscriptionHealthFacts, 'expiresAt'>, now: Date): boolean {
  return subscription.expiresAt.getTime() <= now.getTime();
}

/**
 * How long to wait before trying again after `failures` failures in a row (≥ 1): 5 min, 10, 20, … capped at 6 h.
 * Without it a failing subscription would be tried on every renewal tick (each minute: 1,440 requests a day).
 */
export function renewalRetryDelayMs(failures: number): number {
  const doublings = Math.max(0, Math.min(failures - 1, 30));
  return Math.min(FIRST_RETRY_DELAY_MS * 2 ** doublings, MAX_RETRY_DELAY_MS);
}

/** Whether a subscription works at `now`: it exists at Graph (not expired) and has not failed {@link SAFETY_NET_FAILURES} times in a row. */
export function subscriptionWorks(subscription: SubscriptionHealthFacts, now: Date): boolean {
  return !hasExpired(subscription, now) && subscription.failures < SAFETY_NET_FAILURES;
}

/**
 * What the safety net must poll for a person, given their stored subscriptions: mail when the Inbox or Sent Items
 * subscription is missing, expired or failing; chats when the chats one is. Both false: notifications cover them.
 */
export function safetyNetNeeds(subscriptions: readonly SubscriptionHealthFacts[], now: Date): { mail: boolean; chats: boolean } {
  const works = (kind: SubscriptionKind): boolean => subscriptions.some((s) => s.kind === kind && subscriptionWorks(s, now));
  return { mail: !works('inbox') || !works('sentitems'), chats: !works('chats') };
}
