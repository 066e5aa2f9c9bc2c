import { describeRequestCues, findRequestCues, isReplySubject, judgeRequest, scoreRequestCues, stripReplyPrefixes, type NotARequestReason } from '../../../src/domain/request-cues';

describe('findRequestCues', () => {
  it.each<[string, string, string, string[]]>([
    ['question mark', 'Payroll question', 'When is the next pay run?', ['question']],
    ['could you', 'Access', 'Could you give me access to the drive', ['ask']],
    ['please', 'Laptop', 'Please reset my laptop', ['polite']],
    ['deadline', 'Report', 'I need the report by Friday', ['ask', 'deadline']],
    ['urgent in subject', 'URGENT: badge', 'My badge stopped working', ['urgent']],
    ['newsletter-like text has no cue', 'Monthly update', 'Here is what happened this month in Sales.', []],
    ['a reply prefix is ignored', 'RE: thanks', 'Thanks, all good.', []],
  ])('%s', (_name, subject, preview, kinds) => {
    expect(findRequestCues(subject, preview).map((c) => c.kind).sort()).toEqual([...kinds].sort());
  });

  it('gives a reason in words with the phrase', () => {
    const reason = describeRequestCues(findRequestCues('Access', 'Could you please add me? By Friday'));
    expect(reason).toBe("asks a question; says 'could you'; says 'please'; mentions a deadline ('by friday')");
    expect(describeRequestCues([])).toBeNull();
  });
});

describe('scoreRequestCues', () => {
  const cues = findRequestCues('Access', 'Could you add me?');
  it('ranks answered messages lower', () => {
    expect(scoreRequestCues(cues, true, 0)).toBeLessThan(scoreRequestCues(cues, false, 0));
  });
  it('ranks older messages lower, but never below half', () => {
    expect(scoreRequestCues(cues, false, 10)).toBeLessThan(scoreRequestCues(cues, false, 1));
    expect(scoreRequestCues(cues, false, 1000)).toBeCloseTo(scoreRequestCues(cues, false, 0) / 2, 2);
  });
  it('caps at 1', () => {
    expect(scoreRequestCues(findRequestCues('URGENT', 'Could you please send it by Friday?'), false, 0)).toBe(1);
  });
});

describe('judgeRequest: is a colleague\'s message a request to me?', () => {
  const fresh = { answered: false, personStartedThread: false };
  it.each<[string, string, string, { answered: boolean; personStartedThread: boolean }, NotARequestReason | null]>([
    // [row, subject, preview, what my Sent Items say about the conversation, why it is not a request (null = it is)]
    ['a question from a colleague', 'Access to the finance share', 'Hi Adele, could you give me access to the finance share? Thanks, Raul', fresh, null],
    ['a polite ask with a deadline', 'Time sheets', 'Please send your time sheets by Friday.', fresh, null],
    ['a second ask in their own thread after my answer', 'RE: Access to the HR share', 'One more thing — could you also add Priya to it?', fresh, null],
    ['a thank-you that opens with thanks but asks directly', 'RE: Slides', 'Thanks for yesterday — could you send me the slides?', fresh, null],
    ['the reply to my own ask, with "let me know"', 'RE: Access to the HR share', 'Done — let me know if anything else is missing.', { answered: false, personStartedThread: true }, 'replyInOwnThread'],
    ['the reply to my own ask, with a question', 'RE: New laptop', 'Sorted — can you confirm you can log in? Let me know.', { answered: false, personStartedThread: true }, 'replyInOwnThread'],
    ['a thank-you with a question', 'RE: Password reset', 'Thanks — that was quick! How did you manage that?', fresh, 'thanks'],
    ['a thank-you after a greeting, with "let me know"', 'RE: VPN', 'Hi Adele, thank you! Let me know if I can ever return the favour.', fresh, 'thanks'],
    ['an acknowledgement with "let me know"', 'RE: Payslip', 'Got it, thanks. Will let you know if it happens again.', fresh, 'acknowledgement'],
    ['an acknowledgement with a question mark', 'RE: Payslip', 'Perfect, works now. Have a good weekend?', fresh, 'acknowledgement'],
    ['an FYI to the team with "let me know"', 'FYI: office closed on Friday', 'FYI the office is closed on Friday. Let me know if you need access over the weekend.', fresh, 'information'],
    ['a heads-up with a question', 'Heads-up: new expense tool next week', 'Heads-up: the new tool goes live next week. Any questions?', fresh, 'information'],
    ['a question I answered already', 'Contract end date', 'Can you confirm my contract end date?', { answered: true, personStartedThread: false }, 'answered'],
    ['a statement without any cue', 'Laptop will not connect to VPN', 'Hi Adele, laptop will not connect to vpn. Thanks, Raul', fresh, 'noCues'],
  ])('%s', (_row, subject, preview, facts, reason) => {
    const verdict = judgeRequest(subject, preview, facts);
    expect(verdict.notARequestBecause).toBe(reason);
    expect(verdict.isRequest).toBe(reason === null);
    if (reason === null) expect(verdict.cues.length).toBeGreaterThan(0);
  });

  it('reads reply and forward prefixes, in several languages, stacked', () => {
    expect(isReplySubject('RE: FW: Access')).toBe(true);
    expect(isReplySubject('AW: Zugang')).toBe(true);
    expect(isReplySubject('Re access')).toBe(false);
    expect(stripReplyPrefixes('RE: FW:  Access')).toBe('Access');
  });
});
