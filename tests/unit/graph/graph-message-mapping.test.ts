/**
 * Which mail is automatic. `X-Auto-Response-Suppress` asks others not to auto-reply to a message; Outlook and many
 * clients set it on human mail, so it alone never makes a message automatic (a human reply carrying it is a first
 * response). Auto-Submitted other than "no" (RFC 3834) and Exchange's auto-reply classes do.
 */
import { isAutoReplyHeaders } from '../../../src/graph/graph-message-mapping';

const headers = (pairs: [string, string][]) => new Map(pairs.map(([n, v]) => [n.toLowerCase(), v]));

describe('isAutoReplyHeaders', () => {
  it.each<[string, boolean, [string, string][], string]>([
    ['a human reply with X-Auto-Response-Suppress: All', false, [['X-Auto-Response-Suppress', 'All']], 'RE: Access to the HR share'],
    ['a human reply with X-Auto-Response-Suppress: DR, RN, NRN, OOF, AutoReply', false, [['X-Auto-Response-Suppress', 'DR, RN, NRN, OOF, AutoReply']], 'RE: Laptop'],
    ['Auto-Submitted: no', false, [['Auto-Submitted', 'no']], 'RE: Laptop'],
    ['an out-of-office reply: Auto-Submitted auto-replied (with X-Auto-Response-Suppress too)', true, [['Auto-Submitted', 'auto-replied'], ['X-Auto-Response-Suppress', 'All']], 'Automatic reply: Laptop'],
    ['Auto-Submitted: auto-generated', true, [['Auto-Submitted', 'auto-generated']], 'Delivery report'],
    ["Exchange's auto-reply class", true, [['X-MS-Exchange-Generated-Message-Source', 'Mailbox Rules Agent; AutoReply']], 'RE: Laptop'],
    ['no headers read, subject says "Automatic reply:"', true, [], 'Automatic reply: Laptop'],
    ['no headers read, an ordinary subject', false, [], 'RE: Laptop'],
  ])('%s → automatic: %s', (_name, automatic, pairs, subject) => {
    expect(isAutoReplyHeaders(headers(pairs), subject)).toBe(automatic);
  });
});
