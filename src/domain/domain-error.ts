/**
 * The one error type thrown by src/domain. `code` is a stable snake_case string (e.g. `unknown_time_zone`,
 * `invalid_time`, `invalid_instant`) that the API maps to application/problem+json; `message` is for humans and logs.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** True when `value` is a DomainError (optionally with the given code). */
export function isDomainError(value: unknown, code?: string): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
}
