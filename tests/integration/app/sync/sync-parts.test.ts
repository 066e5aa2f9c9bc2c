/**
 * What one sync reads (issue 19): a change notification names the source that changed, so a sync asked for mail reads
 * no chats and one asked for chats reads no mail; the safety net reads chats at most once in `chatsAtMostEveryMs`
 * (Graph allows Teams resources to be polled once a day). On the dev tenant, through the real Graph client and a real
 * SQLite store; what the sync asked for is recorded at the mail and chat sources.
 */
import { SyncService } from '../../../../src/app/sync/sync-service';
import { startSyncHarness, type SyncHarness } from './sync-harness';
import { countingMail, recordingChats, trackedChat, twoColleagues } from './first-response-scenarios';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('the parts of a sync', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await startSyncHarness({ people: 8, days: 5 });
  });
  afterEach(async () => {
    await h.close();
  });

  /** A sync service whose mail and chat reads are counted. */
  function countingService() {
    const { chats, asked } = recordingChats(h);
    const { mail, deltaReads } = countingMail(h);
    const service = new SyncService({ stores: h.stores, mail, chats, directory: h.directory, clock: { now: () => h.tenant.clock.now() }, owner: 'test-server' });
    return { service, chatReads: () => asked.length, mailReads: deltaReads };
  }

  it('reads only mail when asked for mail, only chats when asked for chats, both by default', async () => {
    const { assignee, requester } = twoColleagues(h);
    await trackedChat(h, assignee, requester, h.tenant.clock.nowMs() - 3 * HOUR);
    const user = h.userOf(assignee.id);
    const { service, chatReads, mailReads } = countingService();

    await service.syncPerson(user, { parts: { mail: true, chats: false } });
    expect(mailReads()).toBeGreaterThan(0);
    expect(chatReads()).toBe(0);

    const mailBefore = mailReads();
    await service.syncPerson(user, { parts: { mail: false, chats: true } });
    expect(mailReads()).toBe(mailBefore);
    expect(chatReads()).toBe(1);

    await service.syncPerson(user);
    expect(mailReads()).toBeGreaterThan(mailBefore);
    expect(chatReads()).toBe(2);
  });

  it('with chatsAtMostEveryMs, reads chats again only once that long has passed since the last read', async () => {
    const { assignee, requester } = twoColleagues(h);
    await trackedChat(h, assignee, requester, h.tenant.clock.nowMs() - 3 * HOUR);
    const user = h.userOf(assignee.id);
    const { service, chatReads } = countingService();
    const daily = { chatsAtMostEveryMs: 24 * HOUR };

    await service.syncPerson(user, daily); // never read: read now
    expect(chatReads()).toBe(1);
    h.tenant.clock.advance(6 * HOUR);
    await service.syncPerson(user, daily); // 6 h later: not again
    expect(chatReads()).toBe(1);
    // A change notification for chats reads them whatever the safety net's rhythm, and counts as the last read.
    await service.syncPerson(user, { parts: { mail: false, chats: true } });
    expect(chatReads()).toBe(2);
    h.tenant.clock.advance(18 * HOUR);
    await service.syncPerson(user, daily); // 18 h after that read: not yet
    expect(chatReads()).toBe(2);
    h.tenant.clock.advance(6 * HOUR + MINUTE);
    await service.syncPerson(user, daily); // over a day: read
    expect(chatReads()).toBe(3);
  });
});
