/**
 * Request cues: does a colleague's message read like a request? Used to suggest untracked messages. Pure; works on the
 * subject, the short preview (never a body) and a few facts about the conversation.
 *
 * Cues alone are not enough: "Done — let me know if anything else is missing" has one, yet it is an answer. So
 * {@link judgeRequest} first rules out what is not a request whatever its words: a message the person already answered,
 * a reply in a thread the person started (an answer to their own ask), a thank-you or an acknowledgement without a
 * direct ask after it ("Thanks — how did you fix it?" is not; "Thanks! Could you also…" is), and information ("FYI").
 */

export type RequestCueKind = 'question' | 'polite' | 'ask' | 'deadline' | 'urgent';

export interface RequestCue {
  kind: RequestCueKind;
  /** The words that matched, as written in the message (lower-cased). */
  phrase: string;
}

const PATTERNS: { kind: RequestCueKind; regex: RegExp }[] = [
  { kind: 'ask', regex: /\b(could|can|would|will) you\b/i },
  { kind: 'ask', regex: /\b(i|we) (need|would like|'d like|require)\b/i },
  { kind: 'ask', regex: /\b(any chance|do you (know|have)|are you able|is it possible|let me know|help me|need your help)\b/i },
  { kind: 'polite', regex: /\bplease\b|\bpls\b|\bkindly\b/i },
  { kind: 'deadline', regex: /\bby (today|tomorrow|tonight|eod|end of (the )?(day|week|month)|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next week|\d{1,2}(:\d{2})?\s?(am|pm)?)\b/i },
  { kind: 'deadline', regex: /\b(deadline|due (date|by|on)|before (monday|tuesday|wednesday|thursday|friday|the end))\b/i },
  { kind: 'urgent', regex: /\b(urgent|asap|as soon as possible|time[- ]sensitive)\b/i },
];

const REASONS: Record<RequestCueKind, (phrase: string) => string> = {
  question: () => 'asks a question',
  polite: (p) => `says '${p}'`,
  ask: (p) => `says '${p}'`,
  deadline: (p) => `mentions a deadline ('${p}')`,
  urgent: (p) => `marked as urgent ('${p}')`,
};

/** Weight of each cue kind in the suggestion score (0..1 added per distinct kind). */
const WEIGHTS: Record<RequestCueKind, number> = { question: 0.35, ask: 0.35, polite: 0.2, deadline: 0.25, urgent: 0.2 };

const REPLY_PREFIXES = /^\s*((re|fw|fwd|aw|wg|sv|vs)\s*:\s*)+/i;

/** The subject without its reply and forward prefixes ("RE: FW: Access" → "Access"). */
export function stripReplyPrefixes(subject: string): string {
  return subject.replace(REPLY_PREFIXES, '');
}

/** True for a reply's or a forward's subject ("RE: …", "FW: …", "AW: …"). */
export function isReplySubject(subject: string): boolean {
  return REPLY_PREFIXES.test(subject);
}

/** Finds the request cues in a subject and preview; at most one cue per kind, in a stable order. */
export function findRequestCues(subject: string, preview: string): RequestCue[] {
  const cleanSubject = stripReplyPrefixes(subject);
  const text = `${cleanSubject}\n${preview}`;
  const cues: RequestCue[] = [];
  if (/\?/.test(text)) cues.push({ kind: 'question', phrase: '?' });
  for (const { kind, regex } of PATTERNS) {
    if (cues.some((c) => c.kind === kind)) continue;
    const m = regex.exec(text);
    if (m) cues.push({ kind, phrase: m[0].toLowerCase().replace(/\s+/g, ' ') });
  }
  return cues;
}

/** A human-readable reason for a suggestion ("asks a question; says 'could you'"), or null when there are no cues. */
export function describeRequestCues(cues: readonly RequestCue[]): string | null {
  if (cues.length === 0) return null;
  return cues.map((c) => REASONS[c.kind](c.phrase)).join('; ');
}

/**
 * Scores a suggestion 0..1: the cues' weights (capped at 1), halved when the person already answered it, and
 * decaying slightly with age (−1 % per day, `ageDays` ≥ 0).
 */
export function scoreRequestCues(cues: readonly RequestCue[], answered: boolean, ageDays: number): number {
  const base = Math.min(1, cues.reduce((sum, c) => sum + WEIGHTS[c.kind], 0));
  const aged = base * Math.max(0.5, 1 - Math.max(0, ageDays) * 0.01);
  const score = answered ? aged * 0.5 : aged;
  return Math.round(score * 1000) / 1000;
}

/** Why a message is not a request although it may have cues. */
export type NotARequestReason = 'answered' | 'replyInOwnThread' | 'thanks' | 'acknowledgement' | 'information' | 'noCues';

/** What the caller knows about the message's conversation (from the person's Sent Items). */
export interface ConversationFacts {
  /** The person started the conversation: their first message in it (not a reply or forward) came before this one. */
  personStartedThread: boolean;
  /** The person replied to the sender in this conversation after the message arrived. */
  answered: boolean;
}

export interface RequestVerdict {
  isRequest: boolean;
  cues: RequestCue[];
  /** Null when it is a request. */
  notARequestBecause: NotARequestReason | null;
}

const GREETING = /^\s*(hi|hello|hey|dear|morning|good (morning|afternoon|evening))\b[^,!.\n]{0,40}[,!.:\-—–]*\s*/i;
const THANKS_OPENER = /^(many thanks|thanks|thank you|thankyou|thx|ty|cheers|much appreciated|appreciate it)\b/i;
const ACK_OPENER = /^(ok|okay|got it|noted|understood|will do|sounds good|great|perfect|brilliant|lovely|fine|agreed|sure|done|on it|received|all good)\b/i;
const INFORMATION = /^(fyi|for your information|heads[- ]up|no action (needed|required)|just so you know)\b/i;
/** An explicit ask to the reader, which outweighs a thank-you or an acknowledgement before it. */
const DIRECT_ASK = /\b(could|can|would|will) you\b|\bplease (send|check|add|confirm|review|share|update|approve|give|help|reset|look)\b|\b(i|we) (need|would like|'d like)\b/i;

/** The preview's first words after a greeting ("Hi Adele, thanks…" → "thanks…"). */
function opening(preview: string): string {
  return preview.replace(GREETING, '').trimStart();
}

/**
 * Is a colleague's message a request to the person? Not when it is already answered, a reply in a thread the person
 * started, a thank-you or acknowledgement without a direct ask, or information; otherwise when it has request cues.
 */
export function judgeRequest(subject: string, preview: string, facts: ConversationFacts): RequestVerdict {
  const cues = findRequestCues(subject, preview);
  const no = (reason: NotARequestReason): RequestVerdict => ({ isRequest: false, cues, notARequestBecause: reason });
  if (facts.answered) return no('answered');
  if (facts.personStartedThread) return no('replyInOwnThread');
  const first = opening(preview);
  const asks = DIRECT_ASK.test(preview);
  if (THANKS_OPENER.test(first) && !asks) return no('thanks');
  if (ACK_OPENER.test(first) && !asks) return no('acknowledgement');
  if ((INFORMATION.test(stripReplyPrefixes(subject).trimStart()) || INFORMATION.test(first)) && !asks) return no('information');
  if (cues.length === 0) return no('noCues');
  return { isRequest: true, cues, notARequestBecause: null };
}
