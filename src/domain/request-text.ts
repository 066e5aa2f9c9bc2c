/**
 * How much text of a message Turnaround keeps, and how long the words a person gives a request may be — defined once:
 * the API schema, the use cases, the store and the Graph mapping all read these. Never a message body.
 */

/** A message's subject is kept up to this many characters. */
export const SUBJECT_MAX_CHARACTERS = 500;
/** A message's preview (Graph's bodyPreview, or a chat message's text) is kept up to this many characters. */
export const PREVIEW_MAX_CHARACTERS = 255;
/** A category, and a service standard's name, are at most this many characters. */
export const CATEGORY_MAX_CHARACTERS = 100;
