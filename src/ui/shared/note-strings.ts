/** The words of the note field, the same on every surface that edits a note (Outlook task pane, Teams tab). */
export const noteStrings = {
  label: 'Note',
  hint: 'Only you see it.',
  /** "123 / 1,000" */
  counter: (used: string, max: string) => `${used} / ${max}`,
  counterLabel: (used: string, max: string) => `${used} of ${max} characters used`,
  tooLong: (over: string, max: string) => `The note is ${over} characters too long: a note holds at most ${max} characters. Shorten it to save.`,
} as const;
