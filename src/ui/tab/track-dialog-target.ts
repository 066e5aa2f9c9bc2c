/**
 * Which message the "Track as request" dialog is for, from the query of the page Teams opens
 * (`/tab?dialog=track&source=chat&chatId=…&messageId=…`, src/server/bot/message-action-answers.ts trackDialogUrl). Only
 * the ids are taken from the URL: what the message says and who sent it are read through the API.
 */
export interface TrackDialogTarget {
  source: 'chat';
  chatId: string;
  messageId: string;
}

/** The dialog's target, or null when the page is the tab itself (no `dialog=track`) or the query is incomplete. */
export function trackDialogTarget(search: string): TrackDialogTarget | null {
  const query = new URLSearchParams(search);
  if (query.get('dialog') !== 'track' || query.get('source') !== 'chat') return null;
  const chatId = query.get('chatId');
  const messageId = query.get('messageId');
  if (!chatId || !messageId) return null;
  return { source: 'chat', chatId, messageId };
}
