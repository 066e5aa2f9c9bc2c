/**
 * The one error type thrown by src/store. `code` is stable and maps to problem+json at the edge:
 * - `conflict`: an optimistic-concurrency check failed (the row changed meanwhile);
 * - `not_found`: the row does not exist for this tenant;
 * - `unavailable`: the database cannot be reached or is busy;
 * - `invalid_database_url`: DATABASE_URL is neither `sqlite:` nor `postgres://`;
 * - `migration_failed`: a schema migration failed (nothing of it was applied).
 */
export type StoreErrorCode = 'conflict' | 'not_found' | 'unavailable' | 'invalid_database_url' | 'migration_failed';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(readonly code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** True when `value` is a StoreError (optionally with the given code). */
export function isStoreError(value: unknown, code?: StoreErrorCode): value is StoreError {
  return value instanceof StoreError && (code === undefined || value.code === code);
}
