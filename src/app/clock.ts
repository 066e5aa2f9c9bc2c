/** The time port: use cases read the time only through it (src/server passes the system clock, tests a fixed one). */
export interface Clock {
  now(): Date;
}
