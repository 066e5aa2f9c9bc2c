/**
 * Opaque, Exchange-looking ids ('AAMkAG…') for mailbox items and folders. They carry a small index internally so the
 * simulator can resolve them without a string map per message, but callers must treat them as opaque.
 */

const MESSAGE_PREFIX = 'AAMkAG';
/** A mailbox's well-known folders the simulator keeps (Graph's well-known names), by the kind byte in their ids. */
export const MAIL_FOLDERS = ['inbox', 'sentitems', 'archive', 'deleteditems', 'drafts'] as const;
export type MailFolderName = (typeof MAIL_FOLDERS)[number];
const FOLDER_PREFIX = 'AAMkAGF';
const TAG_BYTES = 18;

function tagBytes(tenantTag: number): Buffer {
  const bytes = Buffer.alloc(TAG_BYTES);
  let x = tenantTag >>> 0 || 1;
  for (let i = 0; i < TAG_BYTES; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** Encodes and decodes the mailbox ids of one demo tenant. */
export class GraphIdCodec {
  private readonly tag: Buffer;
  private readonly tagB64: string;

  constructor(tenantTag: number) {
    this.tag = tagBytes(tenantTag);
    this.tagB64 = this.tag.toString('base64url');
  }

  /** The opaque id of the mailbox message with internal number `n`. */
  messageId(n: number): string {
    const body = Buffer.alloc(TAG_BYTES + 6);
    this.tag.copy(body, 0);
    body.writeUIntBE(n, TAG_BYTES, 6);
    return `${MESSAGE_PREFIX}${body.toString('base64url')}AAA=`;
  }

  /** The internal number of a message id, or null if the id is not one of ours. */
  messageNumber(id: string): number | null {
    if (!id.startsWith(MESSAGE_PREFIX) || !id.endsWith('AAA=')) return null;
    const raw = id.slice(MESSAGE_PREFIX.length, -4);
    if (!raw.startsWith(this.tagB64.slice(0, 20))) return null;
    const body = Buffer.from(raw, 'base64url');
    if (body.length !== TAG_BYTES + 6 || !body.subarray(0, TAG_BYTES).equals(this.tag)) return null;
    return body.readUIntBE(TAG_BYTES, 6);
  }

  /** The opaque id of a user's well-known folder. */
  folderId(userIndex: number, folder: MailFolderName): string {
    const body = Buffer.alloc(TAG_BYTES + 5);
    this.tag.copy(body, 0);
    body.writeUIntBE(userIndex, TAG_BYTES, 4);
    body[TAG_BYTES + 4] = MAIL_FOLDERS.indexOf(folder) + 1;
    return `${FOLDER_PREFIX}${body.toString('base64url')}AAAA==`;
  }

  /** Resolves a folder id of ours to its user index and folder, or null. */
  parseFolderId(id: string): { userIndex: number; folder: MailFolderName } | null {
    if (!id.startsWith(FOLDER_PREFIX) || !id.endsWith('AAAA==')) return null;
    const body = Buffer.from(id.slice(FOLDER_PREFIX.length, -6), 'base64url');
    if (body.length !== TAG_BYTES + 5 || !body.subarray(0, TAG_BYTES).equals(this.tag)) return null;
    const folder = MAIL_FOLDERS[(body[TAG_BYTES + 4] ?? 0) - 1];
    return folder ? { userIndex: body.readUIntBE(TAG_BYTES, 4), folder } : null;
  }
}
