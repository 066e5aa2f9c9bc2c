import {
  activityTypeLabel, bellLabel, formatActivityTime, markAllSeen, parseSeen, SEEN_LIMIT, seenStorageKey, unseenEntries,
  type ActivityEntryJson,
} from '../../../../src/devtenant/workbench/activity-feed-model';

function entry(id: string, type = 'requestAtRisk'): ActivityEntryJson {
  return {
    id, type, text: `Turnaround: ${id}`, previewText: 'p', subEntityId: `request:${id}`,
    topic: { source: 'text', value: 'Quarterly figures', webUrl: 'https://teams.microsoft.com/l/entity/app/myQueue' }, chainId: null,
    time: '2025-03-20T12:00:00.000Z',
  };
}

describe("the Teams workbench bell's feed model", () => {
  it('counts as unread only the entries not seen, keeping the feed order (newest first)', () => {
    const feed = [entry('a-3'), entry('a-2'), entry('a-1')];
    expect(unseenEntries(feed, new Set()).map((e) => e.id)).toEqual(['a-3', 'a-2', 'a-1']);
    expect(unseenEntries(feed, new Set(['a-1', 'a-2'])).map((e) => e.id)).toEqual(['a-3']);
    // An id seen before but gone from the feed (scrolled away) counts for nothing.
    expect(unseenEntries(feed, new Set(['a-0', 'a-1', 'a-2', 'a-3']))).toEqual([]);
  });

  it('opening the feed marks what it shows as seen, and forgets ids the feed no longer has', () => {
    const seen = markAllSeen([entry('a-5'), entry('a-4')]);
    expect([...seen].sort()).toEqual(['a-4', 'a-5']);
    // A new arrival after opening is the one unread entry.
    expect(unseenEntries([entry('a-6'), entry('a-5'), entry('a-4')], seen).map((e) => e.id)).toEqual(['a-6']);
  });

  it('keeps at most SEEN_LIMIT ids, the newest ones', () => {
    const feed = Array.from({ length: SEEN_LIMIT + 20 }, (_v, i) => entry(`a-${String(SEEN_LIMIT + 20 - i)}`));
    const seen = markAllSeen(feed);
    expect(seen.size).toBe(SEEN_LIMIT);
    expect(seen.has(`a-${String(SEEN_LIMIT + 20)}`)).toBe(true);
    expect(seen.has('a-1')).toBe(false);
  });

  it('names the bell with the count its badge shows', () => {
    expect(bellLabel(0)).toBe('Activity, no unread notifications');
    expect(bellLabel(1)).toBe('Activity, 1 unread notification');
    expect(bellLabel(12)).toBe('Activity, 12 unread notifications');
  });

  it('reads stored seen ids back, and treats anything unreadable as nothing seen', () => {
    expect([...parseSeen(JSON.stringify(['a-1', 'a-2']))]).toEqual(['a-1', 'a-2']);
    expect(parseSeen(null).size).toBe(0);
    expect(parseSeen('not json').size).toBe(0);
    expect(parseSeen('{"a":1}').size).toBe(0);
    expect([...parseSeen(JSON.stringify(['a-1', 7, null]))]).toEqual(['a-1']);
    // One key per person, whatever the case of their UPN.
    expect(seenStorageKey('Ada@Contoso.com')).toBe(seenStorageKey('ada@contoso.com'));
    expect(seenStorageKey('ada@contoso.com')).not.toBe(seenStorageKey('bob@contoso.com'));
  });

  it("labels each declared activity type, and anything else as a notification", () => {
    expect(['requestAtRisk', 'requestBreached', 'workdayDigest', 'thanksReceived', 'systemDefault'].map(activityTypeLabel))
      .toEqual(['At risk', 'Past due', 'Your day', 'Thanks', 'Notification']);
  });

  it("shows an entry's time in the viewer's zone, falling back to the device's for an unknown zone", () => {
    // 2025-03-20T12:00Z is a Thursday: 21:00 in Tokyo (UTC+9, no DST), 08:00 in New York (EDT, UTC−4 since 9 March).
    expect(formatActivityTime('2025-03-20T12:00:00.000Z', 'en-GB', 'Asia/Tokyo')).toBe('Thu 21:00');
    expect(formatActivityTime('2025-03-20T12:00:00.000Z', 'en-GB', 'America/New_York')).toBe('Thu 08:00');
    expect(formatActivityTime('2025-03-20T12:00:00.000Z', 'en-GB', 'Not/AZone')).toBe(formatActivityTime('2025-03-20T12:00:00.000Z', 'en-GB', null));
  });
});
