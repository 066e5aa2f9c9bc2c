/**
 * Request cues: does a colleague's message read like a request? Used to suggest untracked messages. Pure; works on the
 * subject and the short preview only (never a body).
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

/** Finds the request cues in a subject and preview; at most one cue per kind, in a stable order. */
export function findRequestCues(subject: string, preview: string): RequestCue[] {
  const cleanSubject = subject.replace(/^\s*((re|fw|fwd|aw|wg)\s*:\s*)+/i, '');
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
