/**
 * What the Teams workbench shows for a message extension's answer (issue 21), as Teams shows it: a `task/continue`
 * with a `url` opens that page in a dialog frame; one with an Adaptive Card shows the card (here its text blocks, the
 * first as the heading); a `task/message` is a short message in a small dialog. Anything else — the bot refusing the
 * invoke, an answer without a task — is shown as the error Teams would show ("Something went wrong").
 */

/** What the workbench's message action dialog shows. */
export type MessageActionView =
  | { kind: 'page'; title: string; url: string }
  | { kind: 'card'; title: string; heading: string; paragraphs: string[] }
  | { kind: 'message'; text: string }
  | { kind: 'error'; text: string };

interface TaskAnswer {
  task?: { type?: unknown; value?: unknown };
}

/** The view of `answer`, the body the bot returned with HTTP `status`. */
export function messageActionView(status: number, answer: unknown): MessageActionView {
  if (status !== 200) return { kind: 'error', text: `Something went wrong. The app answered HTTP ${status}.` };
  const task = (answer as TaskAnswer | null)?.task;
  if (task?.type === 'message' && typeof task.value === 'string') return { kind: 'message', text: task.value };
  if (task?.type === 'continue' && typeof task.value === 'object' && task.value !== null) {
    const value = task.value as { title?: unknown; url?: unknown; card?: { content?: { body?: unknown } } };
    const title = typeof value.title === 'string' ? value.title : '';
    if (typeof value.url === 'string') return { kind: 'page', title, url: value.url };
    const body = value.card?.content?.body;
    if (Array.isArray(body)) {
      const texts = body.map((b) => (typeof (b as { text?: unknown }).text === 'string' ? (b as { text: string }).text : '')).filter((t) => t !== '');
      return { kind: 'card', title, heading: texts[0] ?? title, paragraphs: texts.slice(1) };
    }
  }
  return { kind: 'error', text: 'Something went wrong. The app did not answer with a dialog.' };
}
