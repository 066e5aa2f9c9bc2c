import { clockChainId, digestNotification, dueText, warningNotification } from '../../../../src/app/warnings/warning-notifications';

const APP = '3c9e5a71-0d2b-4f6e-8a14-6b7c8d9e0f12';

describe('warning notifications', () => {
  it.each<[string, string, string]>([
    // 17:00Z Tue 11 Mar 2025 = 13:00 EDT (UTC−4)
    ['2025-03-11T17:00:00Z', 'America/New_York', 'Tue 13:00'],
    // 23:30Z Tue = 08:30 Wed in Tokyo (UTC+9)
    ['2025-03-11T23:30:00Z', 'Asia/Tokyo', 'Wed 08:30'],
    // midnight is 00:00, not 24:00
    ['2025-03-11T00:00:00Z', 'UTC', 'Tue 00:00'],
    // Outlook's mailbox settings name zones the Windows way: W. Europe is Berlin, 16:45Z in March = 17:45 CET (UTC+1)
    ['2025-03-11T16:45:00Z', 'W. Europe Standard Time', 'Tue 17:45'],
    // …and in July 18:45 CEST (UTC+2)
    ['2025-07-15T16:45:00Z', 'W. Europe Standard Time', 'Tue 18:45'],
    // a Graph custom zone as a POSIX rule: UTC+1 in winter (the rule's -1), 23:10Z Sun 2 Feb = 00:10 Mon
    ['2025-02-02T23:10:00Z', '<+0100>-1<+0200>,M3.5.0/2,M10.5.0/3', 'Mon 00:10'],
  ])('dueText(%s, %s) = %s', (iso, zone, text) => {
    expect(dueText(new Date(iso), zone)).toBe(text);
  });

  it('gives both warnings of one clock the same chain id, and other clocks or requests another', () => {
    const id = clockChainId('req-1', 'firstResponse');
    expect(Number.isInteger(id) && id > 0 && id <= 0x7fffffff).toBe(true);
    expect(clockChainId('req-1', 'firstResponse')).toBe(id);
    expect(clockChainId('req-1', 'resolution')).not.toBe(id);
    expect(clockChainId('req-2', 'firstResponse')).not.toBe(id);
  });

  it('fills the manifest template parameters and links the tab to the request', () => {
    const n = warningNotification(APP, {
      requestId: 'req-9', subject: '  Laptop for Ana ', requesterName: 'Ben Ode', clock: 'resolution', kind: 'breached',
      dueAt: new Date('2025-03-11T17:00:00Z'), timeZone: 'America/New_York',
    });
    expect(n).toMatchObject({
      activityType: 'requestBreached',
      previewText: 'Laptop for Ana: resolution past its due time (Tue 13:00)',
      templateParameters: { requester: 'Ben Ode', due: 'Tue 13:00' },
      topic: { source: 'text', value: 'Laptop for Ana' },
      chainId: clockChainId('req-9', 'resolution'),
    });
    expect(decodeURIComponent(n.topic.webUrl)).toContain('"subEntityId":"request:req-9"');
    const atRisk = warningNotification(APP, { requestId: 'req-9', subject: '', requesterName: ' ', clock: 'firstResponse', kind: 'atRisk', dueAt: new Date('2025-03-11T17:00:00Z'), timeZone: 'UTC' });
    expect(atRisk).toMatchObject({ activityType: 'requestAtRisk', previewText: '(no subject): first response at risk, due Tue 17:00', templateParameters: { requester: 'A colleague', due: 'Tue 17:00' } });
  });

  it('cuts a long digest preview to the 150 characters Teams shows', () => {
    const n = digestNotification(APP, 'req-1', 'Subject', 'summary', 'x'.repeat(200));
    expect(n.previewText).toHaveLength(150);
    expect(n.previewText.endsWith('…')).toBe(true);
    expect(n).toMatchObject({ activityType: 'workdayDigest', templateParameters: { summary: 'summary' } });
  });
});
