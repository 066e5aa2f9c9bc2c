/** A time zone reduced to what the engine needs: the UTC offset in force at a UTC instant. */
export interface ZoneRules {
  /** The resolved name: an IANA id, or the POSIX TZ string of a custom zone. */
  readonly id: string;
  /** Offset of local wall time from UTC, in milliseconds (local = utc + offset), at `utcMs`. */
  offsetMsAt(utcMs: number): number;
}
