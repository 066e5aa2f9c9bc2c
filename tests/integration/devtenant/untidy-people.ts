import type { DemoOrganization, DemoUser, MailAddress, MailboxMessage } from '../../../src/devtenant/demo-organization';

/**
 * Untidy directory entries built by the tests themselves (independent of what the generator makes): added to a
 * generated organisation after it started — the simulator reads the organisation live. These people sign in to
 * nothing (the identity provider knew its users at start); they send mail and are looked up.
 */

/** The organisation's default verified domain and its initial (onmicrosoft) one. */
export function domainsOf(org: DemoOrganization): { primary: string; initial: string } {
  const primary = org.verifiedDomains.find((d) => d.isDefault)?.name ?? '';
  const initial = org.verifiedDomains.find((d) => d.isInitial)?.name ?? primary;
  return { primary, initial };
}

/**
 * Adds a colleague whose mail differs from their UPN, with an alias: UPN `{upnLocal}@initial`, mail
 * `{mailLocal}@primary`, proxy addresses SMTP:mail, smtp:{aliasLocal}@primary and smtp:UPN (as Exchange Online keeps).
 */
export function addUntidyColleague(org: DemoOrganization, names: { id: string; upnLocal: string; mailLocal: string; aliasLocal: string; department?: string }): { user: DemoUser; mail: string; upn: string; alias: string } {
  const { primary, initial } = domainsOf(org);
  const template = org.users[0] as DemoUser;
  const mail = `${names.mailLocal}@${primary}`;
  const upn = `${names.upnLocal}@${initial}`;
  const alias = `${names.aliasLocal}@${primary}`;
  const user: DemoUser = {
    ...template, index: org.users.length, id: names.id, displayName: `Untidy ${names.mailLocal}`, givenName: 'Untidy', surname: names.mailLocal,
    userPrincipalName: upn, mail, proxyAddresses: [`SMTP:${mail}`, `smtp:${alias}`, `smtp:${upn}`], userType: 'Member',
    department: names.department ?? template.department, managerId: null, outOfOffice: [],
  };
  org.addUser(user);
  return { user, mail, upn, alias };
}

/** Adds a guest invited from another organisation: UPN `{local}_{domain}#EXT#@initial`, mail on their own domain. */
export function addGuest(org: DemoOrganization, id: string, homeAddress: string): DemoUser {
  const { initial } = domainsOf(org);
  const template = org.users[0] as DemoUser;
  const user: DemoUser = {
    ...template, index: org.users.length, id, displayName: `Guest ${homeAddress}`, givenName: 'Guest', surname: homeAddress,
    userPrincipalName: `${homeAddress.replace('@', '_')}#EXT#@${initial}`, mail: homeAddress, proxyAddresses: [`SMTP:${homeAddress}`], userType: 'Guest',
    department: '', managerId: null, outOfOffice: [],
  };
  org.addUser(user);
  return user;
}

/**
 * Delivers a message from `sender` written from `fromAddress` (their mail or an alias) to `to`, in `conversationId`
 * (a new conversation when absent), at `sentMs`. Returns the recipients' Inbox copies.
 */
export function sendFrom(org: DemoOrganization, sender: DemoUser, fromAddress: string, to: MailAddress[], subject: string, sentMs: number, conversationId?: string): MailboxMessage[] {
  const from = { name: sender.displayName, address: fromAddress };
  const { inboxCopies } = org.deliver({
    conversationId: conversationId ?? org.newConversationId(), internetMessageId: org.newInternetMessageId(sentMs, from), subject,
    bodyText: `${subject}. Thanks!`, from, fromUserIndex: sender.index, to, cc: [], sentMs, kind: 'request', importance: 'normal', headers: [],
  });
  return inboxCopies;
}
