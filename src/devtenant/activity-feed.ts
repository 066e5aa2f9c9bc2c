/** A notification's topic as Graph received it (`teamworkActivityTopic`). */
export interface ReceivedTopic {
  source: 'entityUrl' | 'text';
  value: string;
  /** The link a click opens (required with `source: 'text'`); null for an entityUrl topic. */
  webUrl: string | null;
}

/** One activity-feed notification a person received through the simulator. */
export interface ReceivedActivity {
  id: string;
  recipientId: string;
  activityType: string;
  /** The manifest's templateText with the templateParameters (and `{actor}`) filled in: what Teams shows. */
  text: string;
  previewText: string;
  topic: ReceivedTopic;
  /**
   * The tab deep link's sub-entity (`context.subEntityId` of a `https://teams.microsoft.com/l/entity/…` webUrl), i.e.
   * what the tab opens on when the notification is clicked; null when the topic is not such a link.
   */
  subEntityId: string | null;
  chainId: number | null;
  /** When the simulator accepted it, on the simulated clock (epoch ms). */
  receivedMs: number;
  /** The sending application's client id. */
  applicationId: string;
}

/** A person's feed keeps this many notifications (the newest); older ones drop off, as a real feed scrolls away. */
export const FEED_LIMIT_PER_PERSON = 500;

/**
 * What the dev tenant's Teams activity feed received, per recipient, in arrival order. Only what Teams would show is
 * kept (type, rendered text, preview, topic, time) — never anything the sender did not put in the notification.
 */
export class ActivityFeed {
  private readonly byRecipient = new Map<string, ReceivedActivity[]>();
  private sequence = 0;

  /** Stores a notification for its recipient and returns it with its id. */
  record(activity: Omit<ReceivedActivity, 'id'>): ReceivedActivity {
    this.sequence += 1;
    const stored: ReceivedActivity = { ...activity, id: `activity-${String(this.sequence)}` };
    let feed = this.byRecipient.get(activity.recipientId);
    if (!feed) {
      feed = [];
      this.byRecipient.set(activity.recipientId, feed);
    }
    feed.push(stored);
    if (feed.length > FEED_LIMIT_PER_PERSON) feed.splice(0, feed.length - FEED_LIMIT_PER_PERSON);
    return stored;
  }

  /** What one person received, newest first (same instant: the later arrival first). */
  receivedBy(recipientId: string): ReceivedActivity[] {
    return [...(this.byRecipient.get(recipientId) ?? [])].reverse();
  }

  /** The number of notifications held for everyone. */
  total(): number {
    let n = 0;
    for (const feed of this.byRecipient.values()) n += feed.length;
    return n;
  }
}

/**
 * The `subEntityId` of a Teams tab deep link (`https://teams.microsoft.com/l/entity/{appId}/{entityId}?context=
 * {"subEntityId":"…"}`), or null when the URL is not one or carries none.
 */
export function subEntityIdOf(webUrl: string | null): string | null {
  if (webUrl === null) return null;
  let url: URL;
  try {
    url = new URL(webUrl);
  } catch {
    return null;
  }
  if (!url.pathname.startsWith('/l/entity/')) return null;
  const context = url.searchParams.get('context');
  if (context === null) return null;
  try {
    const parsed = JSON.parse(context) as { subEntityId?: unknown };
    return typeof parsed.subEntityId === 'string' ? parsed.subEntityId : null;
  } catch {
    return null;
  }
}
