/**
 * The answers of the "Track as request" message action (issue 21) in the shapes Teams expects from a message
 * extension's `composeExtension/fetchTask` and `composeExtension/submitAction` invokes: a dialog (`task/continue`) with
 * a web page, or with an Adaptive Card that says one thing clearly. Every answer that is not the track form is a card
 * dialog rather than a bare `task/message`, so the person reads it in the same dialog frame the form would open in.
 */
import type { MessagingExtensionActionResponse } from '@microsoft/teams.api';

const DIALOG_TITLE = 'Track as request';

/** A dialog with an Adaptive Card of one or more paragraphs (the first one weighted as a heading). */
export function messageDialog(heading: string, ...paragraphs: string[]): MessagingExtensionActionResponse {
  return {
    task: {
      type: 'continue',
      value: {
        title: DIALOG_TITLE,
        height: 'small',
        width: 'medium',
        card: {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            version: '1.5',
            body: [
              { type: 'TextBlock', text: heading, weight: 'Bolder', size: 'Medium', wrap: true },
              ...paragraphs.map((text) => ({ type: 'TextBlock', text, wrap: true })),
            ],
          },
        },
      },
    },
  };
}


/** Without application access the server cannot read a message on a person's behalf from a bot invoke. */
export function trackFromTheTab(): MessagingExtensionActionResponse {
  return messageDialog(
    'Track this message from the Turnaround tab',
    'This Turnaround server reads Teams messages only while you use the app, so it cannot track a message from here. Open Turnaround in Teams, choose "Track a chat" and pick this message there.',
  );
}

/** A dialog showing a page of Turnaround (the track form, prefilled from its query). */
export function pageDialog(url: string): MessagingExtensionActionResponse {
  return { task: { type: 'continue', value: { title: DIALOG_TITLE, height: 'large', width: 'medium', url, fallbackUrl: url } } };
}

/** The short message Teams shows when the dialog closes after a submit. */
export function closingMessage(text: string): MessagingExtensionActionResponse {
  return { task: { type: 'message', value: text } };
}

/**
 * The personal tab's page that the track dialog opens: `/tab?dialog=track&source=chat&chatId=…&messageId=…` — which
 * message to prefill the track form with (the page reads it from Graph again; the dialog page is a later slice). A
 * channel message adds its team (the Graph id resolved from the thread id) and thread: `&teamId=…&threadId=…`.
 */
export function trackDialogUrl(publicBaseUrl: string, chatId: string, messageId: string, channel?: { teamId: string; threadId: string }): string {
  const query = new URLSearchParams({ dialog: 'track', source: 'chat', chatId, messageId, ...(channel ? { teamId: channel.teamId, threadId: channel.threadId } : {}) });
  return `${publicBaseUrl}/tab?${query.toString()}`;
}

const STATUS_WORDS: Record<string, string> = { open: 'open', waiting: 'waiting on the requester', resolved: 'resolved' };

/** A due time for people: "Tue 2 Dec, 14:30 (Europe/Berlin)", in `timeZone` when it is one Intl knows, else UTC. */
export function formatDue(dueAt: Date, timeZone: string | undefined): string {
  let zone = 'UTC';
  if (timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone });
      zone = timeZone;
    } catch {
      zone = 'UTC';
    }
  }
  const text = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(dueAt);
  return `${text} (${zone})`;
}

/** "You already track this message: it is open, due …" */
export function alreadyTracked(status: string, dueAt: Date | null, timeZone: string | undefined): MessagingExtensionActionResponse {
  const due = dueAt === null ? 'It has no due time now.' : `It is due ${formatDue(dueAt, timeZone)}.`;
  return messageDialog('You already track this message', `Its status: ${STATUS_WORDS[status] ?? status}. ${due}`, 'Open "My queue" in Turnaround to work on it.');
}
