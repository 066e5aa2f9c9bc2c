/**
 * Every code a {@link DomainError} can carry. The API gives each its own HTTP status (src/server/problem.ts keeps one
 * entry per code, so adding a code here without deciding its status does not compile).
 */
export const DOMAIN_ERROR_CODES = [
  // The caller's input.
  'validation_failed',
  'note_too_long',
  'unknown_category',
  // A team the caller names (home team, a request's team) that is not one of their teams.
  'not_a_member',
  'invalid_standard',
  'invalid_period',
  'invalid_duration',
  'invalid_percentile',
  // A calendar the caller sends (saving a team's settings) — or, read from the store, see `stored_calendar_invalid`.
  'unknown_time_zone',
  'invalid_time',
  'invalid_date',
  'invalid_instant',
  'invalid_day_of_week',
  'invalid_calendar',
  'no_working_time',
  // Understood, but not allowed for this item.
  'not_colleague',
  'not_found',
  'forbidden',
  'invalid_transition',
  'undo_expired',
  'undo_superseded',
  'undo_unavailable',
  'sync_in_progress',
  // A message id that Microsoft 365 does not know (deleted or moved out of reach).
  'message_not_found',
  // Data the server stored itself is unusable: the server's fault, never the caller's input.
  'stored_calendar_invalid',
] as const;

/** A stable snake_case code a {@link DomainError} carries. */
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/**
 * The one error type thrown by src/domain (and by use cases in src/app). `code` is a stable snake_case string (e.g.
 * `unknown_time_zone`, `invalid_time`, `invalid_instant`) that the API maps to application/problem+json; `message` is
 * for humans and logs.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(readonly code: DomainErrorCode, message: string) {
    super(message);
  }
}

/** True when `value` is a DomainError (optionally with the given code). */
export function isDomainError(value: unknown, code?: DomainErrorCode): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
}
