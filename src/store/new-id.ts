import { randomBytes } from 'node:crypto';

let lastMillis = 0;
let counter = 0;

/**
 * A UUIDv7-shaped id (RFC 9562): 48 bits of epoch milliseconds, then a 12-bit per-process counter, then random bits.
 * Ids sort by creation time, so events written in one transaction keep their order when sorted by (at, id).
 */
export function newId(nowMillis: number = Date.now()): string {
  if (nowMillis <= lastMillis) {
    counter += 1;
    if (counter > 0xfff) {
      lastMillis += 1;
      counter = 0;
    }
  } else {
    lastMillis = nowMillis;
    counter = 0;
  }
  const bytes = randomBytes(16);
  const millis = lastMillis;
  bytes[0] = Math.floor(millis / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(millis / 2 ** 32) & 0xff;
  bytes[2] = (millis >>> 24) & 0xff;
  bytes[3] = (millis >>> 16) & 0xff;
  bytes[4] = (millis >>> 8) & 0xff;
  bytes[5] = millis & 0xff;
  bytes[6] = 0x70 | ((counter >>> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
