import { describeRequestCues, findRequestCues, scoreRequestCues } from '../../../src/domain/request-cues';

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
