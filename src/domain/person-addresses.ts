/**
 * A person's addresses (DESIGN "A person's addresses"): their `mail`, their `userPrincipalName`, every SMTP entry of
 * their `proxyAddresses` and the addresses their messages came from. Matching a requester or a recipient uses all of
 * them, case-insensitively — one list built here for tracking, sync and suggestions.
 */

/** What a person's addresses are built from: directory fields (Graph `user`) and addresses seen on their messages. */
export interface PersonAddressSources {
  mail?: string | null;
  userPrincipalName?: string | null;
  /** Graph's `proxyAddresses`: 'SMTP:' + the primary address, 'smtp:' + each alias, and other kinds (SIP:, X500:…). */
  proxyAddresses?: readonly string[] | null;
  /** Addresses the person's messages came from, and addresses already known to be theirs. */
  seenFrom?: readonly (string | null | undefined)[];
}

/**
 * The SMTP address of one `proxyAddresses` entry: 'SMTP:a@b' (primary) or 'smtp:a@b' (alias) → 'a@b', lower-cased;
 * null for other kinds ('SIP:…', 'X500:…') and for entries without an address.
 */
export function smtpAddressOf(proxyAddress: string): string | null {
  const m = /^smtp:(.+)$/i.exec(proxyAddress.trim());
  return m?.[1] ? normalisedAddress(m[1]) : null;
}

/** The person's addresses, lower-cased, each once, in the order mail, UPN, proxy addresses, seen ones. */
export function personAddresses(sources: PersonAddressSources): string[] {
  const out = new Set<string>();
  const add = (a: string | null | undefined): void => {
    const n = a ? normalisedAddress(a) : null;
    if (n) out.add(n);
  };
  add(sources.mail);
  add(sources.userPrincipalName);
  for (const p of sources.proxyAddresses ?? []) add(smtpAddressOf(p));
  for (const a of sources.seenFrom ?? []) add(a);
  return [...out];
}

/** Trimmed and lower-cased; null when it is not `local@domain`. */
function normalisedAddress(address: string): string | null {
  const a = address.trim().toLowerCase();
  const at = a.lastIndexOf('@');
  return at > 0 && at < a.length - 1 && !/\s/.test(a) ? a : null;
}
