/**
 * The "Track as request" message action's invokes (issue 21), answered for a message in a 1:1 or group chat or in a
 * channel thread (`conversation.id` "19:…@thread.tacv2;messageid=<root id>": the channel and its thread; the team's
 * Graph id is resolved through Graph, never taken from `channelData`; src/app/channel-message-action.ts):
 * - `composeExtension/fetchTask`: the message is read back from Graph (src/app/message-action.ts) — the invoke gives
 *   only the chat id (`conversation.id`), the message id (`value.messagePayload.id`) and who acts
 *   (`from.aadObjectId` in `conversation.tenantId`); a trackable colleague's message opens the track form
 *   (`task/continue` with the personal tab's page, prefilled by its query), every other case a dialog saying why.
 * - `composeExtension/submitAction`: tracks it through the same use case as POST /api/requests, with what the form
 *   submitted (priority, note, category), and answers with a confirmation.
 * The acting person's Graph reads use Turnaround's application access, as background sync does; a server without it
 * (GRAPH_BACKGROUND_ACCESS=delegated) answers that the message is to be tracked from the tab. Nothing here throws:
 * every failure is a dialog that says what happened (Teams shows a bare error for a thrown invoke).
 */
import type { IMessageExtensionFetchTaskInvokeActivity, IMessageExtensionSubmitActionInvokeActivity, MessagingExtensionActionResponse } from '@microsoft/teams.api';
import { checkChannelMessage, trackChannelMessage } from '../../app/channel-message-action';
import { checkChatMessage, trackChatMessage, type ChatMessageCheck, type MessageActionDeps, type MessageActionTrackResult } from '../../app/message-action';
import type { UserContext } from '../../app/m365-ports';
import type { TrackRequestBody } from '../../app/views/request-views';
import { isDomainError } from '../../domain/domain-error';
import type { MessageActionInvokes } from '../routes/bot-routes';
import { alreadyTracked, closingMessage, formatDue, messageDialog, pageDialog, trackDialogUrl, trackFromTheTab } from './message-action-answers';

export interface MessageActionInvokesOptions {
  /** Null when this server has no application access to Graph (or no tracking): the tab is the way then. */
  deps: MessageActionDeps | null;
  publicBaseUrl: string;
  /** The tenants whose people may use this server (config's allowed tenants). */
  tenantIds: readonly string[];
  /** Logs a failure the person is told about as "try again" (codes only). */
  onError: (error: unknown) => void;
}

type Invoke = IMessageExtensionFetchTaskInvokeActivity | IMessageExtensionSubmitActionInvokeActivity;

/** Where the message is: a chat, or a channel's thread (the channel id and the thread's root message id). */
type Place = { kind: 'chat'; chatId: string } | { kind: 'channel'; channelId: string; threadId: string };

/** A channel conversation id, "19:…@thread.tacv2;messageid=<root id>": the channel and the thread; null when not one. */
function channelThread(conversationId: string): { channelId: string; threadId: string } | null {
  const m = /^(19:[^;]+);messageid=(\d+)$/.exec(conversationId);
  return m?.[1] && m[2] ? { channelId: m[1], threadId: m[2] } : null;
}

/** Where the message is and who acts, from the invoke; or the answer when the invoke cannot be for a message we track. */
function target(activity: Invoke, tenantIds: readonly string[]): { user: UserContext; place: Place; messageId: string } | MessagingExtensionActionResponse {
  const tenantId = activity.conversation?.tenantId ?? activity.channelData?.tenant?.id;
  const userId = activity.from?.aadObjectId;
  const messageId = activity.value?.messagePayload?.id;
  const chatId = activity.conversation?.id;
  if (typeof tenantId !== 'string' || typeof userId !== 'string' || typeof messageId !== 'string' || typeof chatId !== 'string' || messageId === '' || chatId === '') {
    return messageDialog('This message cannot be tracked from here', 'Use "Track as request" on a message in a chat.');
  }
  if (!tenantIds.includes(tenantId.toLowerCase())) {
    return messageDialog('Turnaround is not set up for your organisation', 'Ask your administrator to set up Turnaround for your organisation.');
  }
  const user = { tenantId: tenantId.toLowerCase(), userId };
  const kind = activity.conversation.conversationType;
  if (kind === 'channel') {
    const thread = channelThread(chatId);
    if (!thread) return messageDialog('This message cannot be tracked from here', 'Use "Track as request" on a message in a channel thread or a chat.');
    return { user, place: { kind: 'channel', ...thread }, messageId };
  }
  if (kind !== 'personal' && kind !== 'groupChat') {
    return messageDialog('This message cannot be tracked from here', 'Track a message from a chat or a channel.');
  }
  return { user, place: { kind: 'chat', chatId }, messageId };
}

/** A server whose message action cannot read channels (no channel source wired): said, not guessed. */
function noChannels(): MessagingExtensionActionResponse {
  return messageDialog('Channel messages cannot be tracked on this server', 'Track a message from a chat instead.');
}

/** The answer for every check but `trackable`. */
function notTrackable(check: Exclude<ChatMessageCheck, { kind: 'trackable' }>, timeZone: string | undefined): MessagingExtensionActionResponse {
  switch (check.kind) {
    case 'already_tracked':
      return alreadyTracked(check.status, check.dueAt, timeZone);
    case 'system_message':
      return messageDialog('This is not a message from a person', 'System and app messages cannot be tracked as requests.');
    case 'not_colleague':
      return messageDialog(
        'This message is not from a colleague',
        `${check.senderName ?? 'Its sender'} is not in your organisation. Turnaround tracks requests from colleagues only.`,
      );
    case 'external_members':
      return messageDialog('This chat includes people from outside your organisation', 'Messages in chats with external people cannot be tracked as internal requests.');
    case 'own_message':
      return messageDialog('This is your own message', 'Your own message cannot be a request to you.');
    case 'not_found':
      return messageDialog('This message was not found', 'It may have been deleted, or it is in a chat Turnaround cannot read for you.');
  }
}

/** Missing or refused application access (the token provider's or Graph's refusal): the tab is the way. */
function isAccessRefused(error: unknown): boolean {
  return ['consent_required', 'application_access_refused', 'graph_unauthorized', 'token_expired'].includes(String((error as { code?: unknown } | null)?.code));
}

function failed(error: unknown, onError: (error: unknown) => void): MessagingExtensionActionResponse {
  if (isAccessRefused(error)) return trackFromTheTab();
  onError(error);
  return messageDialog('Turnaround could not read this message just now', 'Please try again in a moment.');
}

/**
 * The form's choices from the submitted dialog data: only the fields the track use case takes, passed as they came —
 * the use case checks them (priority one of its values, note and category text of their lengths).
 */
function formDetails(data: unknown): Pick<TrackRequestBody, 'priority' | 'note' | 'category'> {
  const d = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const details: Pick<TrackRequestBody, 'priority' | 'note' | 'category'> = {};
  if (d.priority !== undefined) details.priority = d.priority as TrackRequestBody['priority'];
  if (d.note !== undefined) details.note = d.note as string;
  if (d.category !== undefined) details.category = d.category as string;
  return details;
}

/** The zone the person's Teams client reports (for showing due times only; nothing is computed from it). */
function timeZoneOf(activity: Invoke): string | undefined {
  const local = (activity as { localTimezone?: unknown }).localTimezone;
  if (typeof local === 'string') return local;
  const info = (activity.entities ?? []).find((e) => e.type === 'clientInfo') as { timezone?: unknown } | undefined;
  return typeof info?.timezone === 'string' ? info.timezone : undefined;
}

function trackedMessage(result: Extract<MessageActionTrackResult, { kind: 'tracked' }>, timeZone: string | undefined): MessagingExtensionActionResponse {
  const due = result.request.dueAt === null ? '' : ` Due ${formatDue(result.request.dueAt, timeZone)}.`;
  return closingMessage(`${result.created ? 'Tracked as a request' : 'You already track this message'}: "${result.request.subject}".${due}`);
}

/** What both invokes share: the invoke's message and person, or the answer why there is none to act on. */
async function forMessage(
  activity: Invoke,
  options: MessageActionInvokesOptions,
  answer: (where: { user: UserContext; place: Place; messageId: string }, deps: MessageActionDeps) => Promise<MessagingExtensionActionResponse>,
): Promise<MessagingExtensionActionResponse> {
  const where = target(activity, options.tenantIds);
  if (!('user' in where)) return where;
  if (options.deps === null) return trackFromTheTab();
  return answer(where, options.deps);
}

export function messageActionInvokes(options: MessageActionInvokesOptions): MessageActionInvokes {
  return {
    fetchTask: (activity) => forMessage(activity, options, async (where, deps) => {
      try {
        const { place } = where;
        if (place.kind === 'channel') {
          const channels = deps.channels;
          if (!channels) return noChannels();
          const check = await checkChannelMessage({ ...deps, channels }, where.user, place.channelId, place.threadId, where.messageId);
          if (check.kind !== 'trackable') return notTrackable(check, timeZoneOf(activity));
          return pageDialog(trackDialogUrl(options.publicBaseUrl, check.thread.channelId, check.messageId, check.thread));
        }
        const check = await checkChatMessage(deps, where.user, place.chatId, where.messageId);
        if (check.kind !== 'trackable') return notTrackable(check, timeZoneOf(activity));
        return pageDialog(trackDialogUrl(options.publicBaseUrl, check.chatId, check.messageId));
      } catch (error) {
        return failed(error, options.onError);
      }
    }),
    submitAction: (activity) => forMessage(activity, options, async (where, deps) => {
      try {
        const { place } = where;
        const details = formDetails(activity.value?.data);
        const channels = deps.channels;
        let result: MessageActionTrackResult;
        if (place.kind === 'chat') result = await trackChatMessage(deps, where.user, place.chatId, where.messageId, details);
        else if (channels) result = await trackChannelMessage({ ...deps, channels }, where.user, place.channelId, place.threadId, where.messageId, details);
        else return noChannels();
        if (result.kind !== 'tracked') return notTrackable(result, timeZoneOf(activity));
        return trackedMessage(result, timeZoneOf(activity));
      } catch (error) {
        // The form's own mistakes (a category not in the team's list, a note too long) are said as they are.
        if (isDomainError(error)) return messageDialog('This message could not be tracked', error.message);
        return failed(error, options.onError);
      }
    }),
  };
}
