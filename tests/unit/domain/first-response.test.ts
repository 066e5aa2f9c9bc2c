import { isEarlierResponse, isSentBy, pickChatFirstResponse, pickEmailFirstResponse, type ChatMessageCandidate, type SentMailCandidate } from '../../../src/domain/first-response';

const request = { conversationId: 'conv-1', receivedAt: new Date('2024-05-06T09:00:00Z'), requesterAddresses: ['Ana@Contoso.com'] };
const sent = (id: string, iso: string, extra: Partial<SentMailCandidate> = {}): SentMailCandidate => ({
  id, conversationId: 'conv-1', sentAt: new Date(iso), recipients: ['ana@contoso.com'], isDraft: false, isAutoReply: false, ...extra,
});

describe('pickEmailFirstResponse', () => {
  it.each<[string, SentMailCandidate[], string | null]>([
    ['earliest reply wins regardless of order', [sent('b', '2024-05-06T11:00:00Z'), sent('a', '2024-05-06T10:00:00Z')], 'a'],
    ['reply-all with requester in Cc counts', [sent('a', '2024-05-06T10:00:00Z', { recipients: ['bo@contoso.com', 'ANA@contoso.com'] })], 'a'],
    ['forward to others does not count', [sent('f', '2024-05-06T10:00:00Z', { recipients: ['bo@contoso.com'] }), sent('r', '2024-05-06T12:00:00Z')], 'r'],
    ['messages before (or at) received-at do not count', [sent('old', '2024-05-06T09:00:00Z'), sent('older', '2024-05-05T09:00:00Z')], null],
    ['drafts do not count', [sent('d', '2024-05-06T10:00:00Z', { isDraft: true })], null],
    ['auto-replies do not count', [sent('o', '2024-05-06T09:00:01Z', { isAutoReply: true }), sent('r', '2024-05-07T09:00:00Z')], 'r'],
    ['other conversations do not count', [sent('x', '2024-05-06T10:00:00Z', { conversationId: 'conv-2' })], null],
    ['a reply at 23:00 (outside working hours) still counts', [sent('n', '2024-05-06T23:00:00Z')], 'n'],
  ])('%s', (_name, candidates, expected) => {
    expect(pickEmailFirstResponse(request, candidates)?.id ?? null).toBe(expected);
  });

  it('never matches when the request has no conversation id', () => {
    expect(pickEmailFirstResponse({ ...request, conversationId: null }, [sent('a', '2024-05-06T10:00:00Z', { conversationId: null })])).toBeNull();
  });
});

const chat = (id: string, from: string | null, iso: string, extra: Partial<ChatMessageCandidate> = {}): ChatMessageCandidate => ({
  id, fromUserId: from, createdAt: new Date(iso), messageType: 'message', deletedAt: null, threadId: null, ...extra,
});

describe('pickChatFirstResponse', () => {
  const chatRequest = { assigneeId: 'me', receivedAt: new Date('2024-05-06T09:00:00Z'), threadId: null };
  it.each<[string, ChatMessageCandidate[], string | null]>([
    ['first message of the assignee after the request', [chat('3', 'me', '2024-05-06T09:30:00Z'), chat('2', 'me', '2024-05-06T09:10:00Z')], '2'],
    ['the requester writing again is not a response', [chat('2', 'ana', '2024-05-06T09:10:00Z')], null],
    // Delivered at 09:10, deleted a minute later: the requester had it (DESIGN "a delivered response stays a response").
    ['a deleted message still counts: it was delivered', [chat('2', 'me', '2024-05-06T09:10:00Z', { deletedAt: new Date('2024-05-06T09:11:00Z') }), chat('3', 'me', '2024-05-06T10:00:00Z')], '2'],
    ['system messages do not count', [chat('2', 'me', '2024-05-06T09:10:00Z', { messageType: 'systemEventMessage' })], null],
    ['an edited message counts at its creation time', [chat('2', 'me', '2024-05-06T09:10:00Z')], '2'],
    ['messages before the request do not count', [chat('1', 'me', '2024-05-06T08:59:00Z')], null],
  ])('%s', (_name, candidates, expected) => {
    expect(pickChatFirstResponse(chatRequest, candidates)?.id ?? null).toBe(expected);
  });

  it('in a channel, only the same thread counts', () => {
    const req = { ...chatRequest, threadId: 'root-1' };
    const picked = pickChatFirstResponse(req, [chat('2', 'me', '2024-05-06T09:10:00Z', { threadId: 'root-2' }), chat('3', 'me', '2024-05-06T09:20:00Z', { threadId: 'root-1' })]);
    expect(picked?.id).toBe('3');
  });
});

describe('isEarlierResponse', () => {
  const known = new Date('2024-05-06T10:00:00Z');
  it.each<[string, Date | null, string, boolean]>([
    ['any response replaces none', null, '2024-05-06T12:00:00Z', true],
    ['an earlier response replaces the known one', known, '2024-05-06T09:59:59Z', true],
    ['the same instant does not', known, '2024-05-06T10:00:00Z', false],
    ['a later one does not', known, '2024-05-06T10:00:01Z', false],
  ])('%s', (_name, knownAt, candidateIso, expected) => {
    expect(isEarlierResponse(knownAt, new Date(candidateIso))).toBe(expected);
  });
});

describe('isSentBy', () => {
  const own = ['jane.doe@contoso.com', 'jdoe@contoso.onmicrosoft.com'];
  it.each<[string, string | null, boolean]>([
    ['the primary address', 'jane.doe@contoso.com', true],
    ['another of the person\'s addresses, in another case', 'JDoe@Contoso.onmicrosoft.com', true],
    ['the requester (their message, read across folders)', 'ana@contoso.com', false],
    ['no sender', null, false],
  ])('%s', (_name, from, expected) => {
    expect(isSentBy(from, own)).toBe(expected);
  });
});

describe('the picked candidate comes back as given', () => {
  it('keeps fields the rule does not read (the sync records the answering message\'s link)', () => {
    const picked = pickEmailFirstResponse(request, [{ ...sent('a', '2024-05-06T10:00:00Z'), webLink: 'https://outlook.example/a' }]);
    expect(picked?.webLink).toBe('https://outlook.example/a');
  });
});
