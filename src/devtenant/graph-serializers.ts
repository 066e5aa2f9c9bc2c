import { workingHoursAt, type DemoChannel, type DemoChannelMessage, type DemoChat, type DemoChatMessage, type DemoOrganization, type DemoTeam, type DemoUser, type MailAddress, type MailboxMessage } from './demo-organization';

type Json = Record<string, unknown>;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const recipient = (a: MailAddress): Json => ({ emailAddress: { name: a.name, address: a.address } });

/** Graph's default `user` properties; others (department, proxyAddresses, userType…) only when selected. */
export const USER_DEFAULT_PROPERTIES = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];

/** A `user` with every property the simulator knows; the caller applies $select or the default set. */
export function userJson(u: DemoUser): Json {
  return {
    id: u.id, businessPhones: [], displayName: u.displayName, givenName: u.givenName, jobTitle: u.jobTitle, mail: u.mail,
    mobilePhone: null, officeLocation: u.officeLocation, preferredLanguage: 'en-US', surname: u.surname, userPrincipalName: u.userPrincipalName,
    department: u.department, accountEnabled: true, usageLocation: 'DE', userType: u.userType, companyName: 'Contoso',
    proxyAddresses: [...u.proxyAddresses],
  };
}

/** Graph's default `message` properties (everything but internetMessageHeaders, uniqueBody and extensions). */
export const MESSAGE_DEFAULT_PROPERTIES = [
  'id', 'createdDateTime', 'lastModifiedDateTime', 'changeKey', 'categories', 'receivedDateTime', 'sentDateTime', 'hasAttachments',
  'internetMessageId', 'subject', 'bodyPreview', 'importance', 'parentFolderId', 'conversationId', 'conversationIndex',
  'isDeliveryReceiptRequested', 'isReadReceiptRequested', 'isRead', 'isDraft', 'webLink', 'inferenceClassification', 'body', 'sender',
  'from', 'toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo', 'flag',
];

/** A mailbox `message` with all properties; `internetMessageHeaders` is included (callers drop it unless selected). */
export function messageJson(org: DemoOrganization, m: MailboxMessage): Json {
  const id = org.ids.messageId(m.number);
  const mail = m.mail;
  const owner = org.users[m.ownerIndex];
  const headers = [
    { name: 'Message-ID', value: mail.internetMessageId },
    { name: 'Subject', value: mail.subject },
    { name: 'From', value: `${mail.from.name} <${mail.from.address}>` },
    { name: 'To', value: mail.to.map((a) => a.address).join(', ') },
    ...mail.headers,
  ];
  return {
    '@odata.etag': `W/"CQAAABYAAAA${(m.changeSeq % 1e9).toString(36)}"`,
    id,
    createdDateTime: iso(m.createdMs),
    lastModifiedDateTime: iso(m.lastModifiedMs),
    changeKey: `CQAAABYAAAA${(m.changeSeq % 1e9).toString(36)}`,
    categories: [...m.categories],
    receivedDateTime: iso(mail.sentMs),
    sentDateTime: iso(mail.sentMs),
    hasAttachments: false,
    internetMessageId: mail.internetMessageId,
    subject: mail.subject,
    bodyPreview: mail.bodyText.slice(0, 255),
    importance: mail.importance,
    parentFolderId: org.ids.folderId(m.ownerIndex, m.folder),
    conversationId: mail.conversationId,
    conversationIndex: Buffer.from(mail.conversationId.slice(6, 28)).toString('base64'),
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: m.isRead,
    isDraft: m.folder === 'drafts',
    webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}&exvsurl=1&viewmodel=ReadMessageItem${owner ? `&login_hint=${encodeURIComponent(owner.userPrincipalName)}` : ''}`,
    inferenceClassification: m.inferenceClassification,
    body: { contentType: 'text', content: mail.bodyText },
    sender: recipient(mail.from),
    from: recipient(mail.from),
    toRecipients: mail.to.map(recipient),
    ccRecipients: mail.cc.map(recipient),
    bccRecipients: [],
    replyTo: [],
    flag: { flagStatus: 'notFlagged' },
    internetMessageHeaders: headers,
  };
}

/**
 * `mailboxSettings` of a user at the given instant: the working hours in force then, and the scheduled out-of-office
 * that is current or next (a period that has ended no longer shows).
 */
export function mailboxSettingsJson(u: DemoUser, nowMs: number, archiveFolderId = 'AAMkAGArchive'): Json {
  const hhmm = (min: number): string => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}:00.0000000`;
  const ooo = u.outOfOffice.filter((o) => o.endMs > nowMs).sort((a, b) => a.startMs - b.startMs)[0];
  const hours = workingHoursAt(u, nowMs);
  const dt = (ms: number): Json => ({ dateTime: new Date(ms).toISOString().replace('Z', '0000'), timeZone: 'UTC' });
  return {
    archiveFolder: archiveFolderId,
    timeZone: u.timeZoneName,
    dateFormat: 'dd/MM/yyyy',
    timeFormat: 'HH:mm',
    language: { locale: 'en-US', displayName: 'English (United States)' },
    automaticRepliesSetting: ooo
      ? { status: 'scheduled', externalAudience: 'all', scheduledStartDateTime: dt(ooo.startMs), scheduledEndDateTime: dt(ooo.endMs), internalReplyMessage: 'I am out of the office.', externalReplyMessage: 'I am out of the office.' }
      : { status: 'disabled', externalAudience: 'all', scheduledStartDateTime: dt(nowMs), scheduledEndDateTime: dt(nowMs + 86_400_000), internalReplyMessage: '', externalReplyMessage: '' },
    workingHours: { daysOfWeek: [...hours.workingDays], startTime: hhmm(hours.workStartMinute), endTime: hhmm(hours.workEndMinute), timeZone: { name: u.timeZoneName } },
  };
}

export function organizationJson(org: DemoOrganization): Json {
  return {
    id: org.tenantId, deletedDateTime: null, businessPhones: [], city: 'Berlin', country: 'Germany', countryLetterCode: 'DE',
    createdDateTime: iso(org.createdMs), displayName: org.displayName, marketingNotificationEmails: [], onPremisesSyncEnabled: null,
    postalCode: '10115', preferredLanguage: 'en', securityComplianceNotificationMails: [], securityComplianceNotificationPhones: [],
    state: null, street: 'Demo Street 1', technicalNotificationMails: ['admin@contoso.example'], tenantType: 'AAD', assignedPlans: [], provisionedPlans: [],
    verifiedDomains: org.verifiedDomains.map((d) => ({ capabilities: 'Email, OfficeCommunicationsOnline', isDefault: d.isDefault, isInitial: d.isInitial, name: d.name, type: 'Managed' })),
  };
}

export const MASTER_CATEGORIES = [
  ['Red category', 'preset0'], ['Orange category', 'preset1'], ['Yellow category', 'preset3'], ['Green category', 'preset4'], ['Blue category', 'preset7'], ['Purple category', 'preset8'],
] as const;

export function memberJson(u: DemoUser, roles: string[], sinceMs: number, membershipKey: string): Json {
  return {
    '@odata.type': '#microsoft.graph.aadUserConversationMember',
    id: Buffer.from(`${membershipKey}##${u.id}`).toString('base64'),
    roles: [...roles],
    displayName: u.displayName,
    visibleHistoryStartDateTime: iso(sinceMs),
    userId: u.id,
    email: u.mail,
    tenantId: u.tenantId,
  };
}

export function teamJson(org: DemoOrganization, t: DemoTeam): Json {
  return {
    id: t.id, createdDateTime: iso(t.createdMs), displayName: t.displayName, description: t.description, isArchived: false,
    tenantId: org.tenantId, visibility: 'private', webUrl: `https://teams.microsoft.com/l/team/19%3a${t.id.replace(/-/g, '')}%40thread.tacv2/conversations?groupId=${t.id}&tenantId=${org.tenantId}`,
  };
}

export function chatJson(org: DemoOrganization, c: DemoChat): Json {
  const last = c.messages[c.messages.length - 1];
  return {
    id: c.id, topic: c.topic, createdDateTime: iso(c.createdMs), lastUpdatedDateTime: iso(last ? last.lastModifiedMs : c.createdMs), chatType: c.chatType,
    webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(c.id)}/0?tenantId=${org.tenantId}`, tenantId: org.tenantId,
    isHiddenForAllMembers: false, onlineMeetingInfo: null, viewpoint: { isHidden: false, lastMessageReadDateTime: iso(last ? last.createdMs : c.createdMs) },
  };
}

export function chatMessageJson(org: DemoOrganization, c: DemoChat, m: DemoChatMessage): Json {
  const sender = m.fromGuest ?? (m.fromUserIndex === null ? undefined : org.users[m.fromUserIndex]);
  return {
    id: m.id, replyToId: m.replyToId, etag: String(m.lastModifiedMs), messageType: m.messageType, createdDateTime: iso(m.createdMs),
    lastModifiedDateTime: iso(m.lastModifiedMs), lastEditedDateTime: m.lastEditedMs === null ? null : iso(m.lastEditedMs),
    deletedDateTime: m.deletedMs === null ? null : iso(m.deletedMs), subject: null, summary: null, chatId: c.id, importance: 'normal', locale: 'en-us',
    webUrl: null, channelIdentity: null, policyViolation: null, eventDetail: null,
    from: sender
      ? { application: null, device: null, user: { '@odata.type': '#microsoft.graph.teamworkUserIdentity', id: sender.id, displayName: sender.displayName, userIdentityType: 'aadUser', tenantId: sender.tenantId } }
      : null,
    body: { contentType: 'html', content: m.messageType === 'systemEventMessage' ? '<systemEventMessage/>' : m.deletedMs === null ? m.bodyHtml : '' },
    attachments: [], mentions: [], reactions: [], messageHistory: [],
  };
}

/** A standard `channel` of a team. */
export function channelJson(org: DemoOrganization, c: DemoChannel): Json {
  return {
    id: c.id, createdDateTime: iso(c.createdMs), displayName: c.displayName, description: c.description, email: '', isArchived: false,
    isFavoriteByDefault: null, membershipType: 'standard', tenantId: org.tenantId,
    webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(c.id)}/${encodeURIComponent(c.displayName)}?groupId=${c.teamId}&tenantId=${org.tenantId}`,
  };
}

/** A channel `chatMessage` (a thread's root or a reply): `channelIdentity` set, `chatId` null, as Graph returns them. */
export function channelMessageJson(org: DemoOrganization, c: DemoChannel, m: DemoChannelMessage): Json {
  const sender = m.fromUserIndex === null ? undefined : org.users[m.fromUserIndex];
  return {
    id: m.id, replyToId: m.replyToId, etag: String(m.lastModifiedMs), messageType: m.messageType, createdDateTime: iso(m.createdMs),
    lastModifiedDateTime: iso(m.lastModifiedMs), lastEditedDateTime: null, deletedDateTime: m.deletedMs === null ? null : iso(m.deletedMs),
    subject: m.subject, summary: null, chatId: null, importance: 'normal', locale: 'en-us',
    webUrl: `https://teams.microsoft.com/l/message/${encodeURIComponent(c.id)}/${m.id}?groupId=${c.teamId}&tenantId=${org.tenantId}&createdTime=${m.createdMs}&parentMessageId=${m.replyToId ?? m.id}`,
    channelIdentity: { teamId: c.teamId, channelId: c.id }, policyViolation: null, eventDetail: null,
    from: sender
      ? { application: null, device: null, user: { '@odata.type': '#microsoft.graph.teamworkUserIdentity', id: sender.id, displayName: sender.displayName, userIdentityType: 'aadUser', tenantId: sender.tenantId } }
      : null,
    body: { contentType: 'html', content: m.deletedMs === null ? m.bodyHtml : '' },
    attachments: [], mentions: [], reactions: [], messageHistory: [],
  };
}

/** Applies `$select`: only the selected properties plus id and annotations; or the default set when there is none. */
export function project(entity: Json, select: readonly string[] | null, defaults: readonly string[] | null): Json {
  const keep = select ?? defaults;
  if (!keep) return entity;
  const out: Json = {};
  for (const [k, v] of Object.entries(entity)) if (k.startsWith('@odata.') || k === 'id' || keep.includes(k)) out[k] = v;
  return out;
}
