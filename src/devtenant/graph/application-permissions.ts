import { GraphSimulatorError } from '../graph-errors';

/** Which application permissions (any one) a route needs, and how Graph's workload answers a token without them. */
interface RoutePermission {
  roles: readonly string[];
  /** Exchange (mail, mailbox settings, categories), Teams (chats, channels) or the directory. */
  workload: 'exchange' | 'teams' | 'directory';
}

const MAIL_READ = ['Mail.Read', 'Mail.ReadWrite', 'Mail.ReadBasic', 'Mail.ReadBasic.All'];
const MAIL_WRITE = ['Mail.ReadWrite'];
const USER_READ = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const CHAT_READ = ['Chat.Read.All', 'Chat.ReadWrite.All'];
const CHANNEL_READ = ['Channel.ReadBasic.All', 'ChannelSettings.Read.All', 'ChannelSettings.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const CHANNEL_MESSAGE_READ = ['ChannelMessage.Read.All'];

/**
 * Application permissions by route (`METHOD key`, keys as the simulator counts them: `/users/{id}/…` or global).
 * A route not listed is not served to application tokens (e.g. posting a chat message as the app).
 */
const APPLICATION_PERMISSIONS: Record<string, RoutePermission> = {
  'GET /users/{id}': { roles: [...USER_READ, 'User.ReadBasic.All'], workload: 'directory' },
  'GET /users/{id}/manager': { roles: USER_READ, workload: 'directory' },
  'GET /users/{id}/directReports': { roles: USER_READ, workload: 'directory' },
  'GET /users/{id}/joinedTeams': { roles: ['Team.ReadBasic.All', 'TeamSettings.Read.All', 'TeamSettings.ReadWrite.All', 'Directory.Read.All'], workload: 'teams' },
  'GET /users/{id}/mailboxSettings': { roles: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'], workload: 'exchange' },
  'GET /users/{id}/mailboxSettings/workingHours': { roles: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'], workload: 'exchange' },
  'GET /users/{id}/mailboxSettings/automaticRepliesSetting': { roles: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'], workload: 'exchange' },
  'GET /users/{id}/mailFolders/{id}/messages': { roles: MAIL_READ, workload: 'exchange' },
  'GET /users/{id}/messages': { roles: MAIL_READ, workload: 'exchange' },
  'GET /users/{id}/mailFolders/{id}/messages/delta': { roles: MAIL_READ, workload: 'exchange' },
  'GET /users/{id}/messages/{id}': { roles: MAIL_READ, workload: 'exchange' },
  'PATCH /users/{id}/messages/{id}': { roles: MAIL_WRITE, workload: 'exchange' },
  'DELETE /users/{id}/messages/{id}': { roles: MAIL_WRITE, workload: 'exchange' },
  'POST /users/{id}/messages/{id}/move': { roles: MAIL_WRITE, workload: 'exchange' },
  'POST /users/{id}/mailFolders/{id}/messages/{id}/move': { roles: MAIL_WRITE, workload: 'exchange' },
  'POST /users/{id}/messages/{id}/reply': { roles: ['Mail.Send'], workload: 'exchange' },
  'POST /users/{id}/messages/{id}/replyAll': { roles: ['Mail.Send'], workload: 'exchange' },
  'POST /users/{id}/sendMail': { roles: ['Mail.Send'], workload: 'exchange' },
  'GET /users/{id}/outlook/masterCategories': { roles: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'], workload: 'exchange' },
  'POST /users/{id}/outlook/masterCategories': { roles: ['MailboxSettings.ReadWrite'], workload: 'exchange' },
  'GET /users/{id}/chats': { roles: [...CHAT_READ, 'Chat.ReadBasic.All'], workload: 'teams' },
  'GET /users/{id}/chats/{id}': { roles: [...CHAT_READ, 'Chat.ReadBasic.All'], workload: 'teams' },
  'GET /users/{id}/chats/{id}/members': { roles: [...CHAT_READ, 'ChatMember.Read.All', 'ChatMember.ReadWrite.All'], workload: 'teams' },
  'GET /users/{id}/chats/{id}/messages': { roles: CHAT_READ, workload: 'teams' },
  'GET /users/{id}/chats/{id}/messages/{id}': { roles: CHAT_READ, workload: 'teams' },
  // What a subscription to `/users/{id}/chats/getAllMessages` needs (the simulator serves it as notifications only).
  'GET /users/{id}/chats/getAllMessages': { roles: CHAT_READ, workload: 'teams' },
  'GET /users': { roles: [...USER_READ, 'User.ReadBasic.All'], workload: 'directory' },
  'GET /organization': { roles: ['Organization.Read.All', 'Directory.Read.All'], workload: 'directory' },
  'GET /teams/{id}/channels': { roles: CHANNEL_READ, workload: 'teams' },
  'GET /teams/{id}/channels/{id}': { roles: CHANNEL_READ, workload: 'teams' },
  'GET /teams/{id}/channels/{id}/messages': { roles: CHANNEL_MESSAGE_READ, workload: 'teams' },
  'GET /teams/{id}/channels/{id}/messages/delta': { roles: CHANNEL_MESSAGE_READ, workload: 'teams' },
  'GET /teams/{id}/channels/{id}/messages/{id}': { roles: CHANNEL_MESSAGE_READ, workload: 'teams' },
  'GET /teams/{id}/channels/{id}/messages/{id}/replies': { roles: CHANNEL_MESSAGE_READ, workload: 'teams' },
  'GET /teams/{id}/channels/{id}/messages/{id}/replies/{id}': { roles: CHANNEL_MESSAGE_READ, workload: 'teams' },
  'GET /teams/{id}/members': { roles: ['TeamMember.Read.All', 'TeamMember.ReadWrite.All', 'Group.Read.All', 'GroupMember.Read.All'], workload: 'teams' },
  // The activity feed; Graph also accepts TeamsActivity.Send.User by resource-specific consent, which the demo does not grant.
  'POST /users/{id}/teamwork/sendActivityNotification': { roles: ['TeamsActivity.Send', 'TeamsActivity.Send.User'], workload: 'teams' },
  'POST /teamwork/sendActivityNotificationToRecipients': { roles: ['TeamsActivity.Send', 'TeamsActivity.Send.User'], workload: 'teams' },
};

/**
 * Checks an application token's `roles` for a route, as Graph does: a route the simulator does not serve to
 * applications is 400; a missing permission is 403 with the workload's code (`ErrorAccessDenied` for Exchange,
 * `Forbidden` naming the roles for Teams, `Authorization_RequestDenied` for the directory).
 * @throws GraphSimulatorError when the token may not call the route.
 */
export function requireApplicationPermission(method: string, key: string, roles: readonly string[]): void {
  // A subscription needs the permission of the resource it watches, which its route checks (subscription-routes.ts).
  if (key === '/subscriptions' || key.startsWith('/subscriptions/')) return;
  const permission = APPLICATION_PERMISSIONS[`${method} ${key}`];
  if (!permission) {
    throw new GraphSimulatorError(400, 'BadRequest', `The dev tenant's Graph simulator does not serve ${method} ${key} to application tokens; use /users/{id}/… routes.`);
  }
  if (permission.roles.some((r) => roles.includes(r))) return;
  switch (permission.workload) {
    case 'exchange': throw new GraphSimulatorError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    case 'teams': throw new GraphSimulatorError(403, 'Forbidden', `Missing role permissions on the request. API requires one of '${permission.roles.join(', ')}'. Roles on the request '${roles.join(', ')}'.`);
    default: throw new GraphSimulatorError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  }
}
