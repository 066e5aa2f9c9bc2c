/**
 * The assignee's private note on a request: one limit for every surface (the API schema, the track use case, the
 * Outlook form and the tab). Counted in UTF-16 code units, as `String.length` and an HTML `maxLength` count.
 */
import { DomainError } from './domain-error';

/** The longest note accepted, in characters. */
export const NOTE_MAX_CHARACTERS = 1000;

/** True when `note` fits the limit. */
export function noteFits(note: string): boolean {
  return note.length <= NOTE_MAX_CHARACTERS;
}

/**
 * Checks a note before it is stored; never shortens it.
 * @throws DomainError `note_too_long` when it is longer than {@link NOTE_MAX_CHARACTERS}.
 */
export function assertNoteFits(note: string): void {
  if (!noteFits(note)) {
    throw new DomainError('note_too_long', `A note may be at most ${NOTE_MAX_CHARACTERS} characters long (this one has ${note.length}).`);
  }
}
