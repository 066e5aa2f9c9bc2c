// What the Teams workbench shows for each answer of the message action (issue 21), as Teams shows it.
import { messageActionView } from '../../../src/devtenant/workbench/message-action-answer';

describe('messageActionView', () => {
  it('opens a page answer in the dialog frame', () => {
    expect(messageActionView(200, { task: { type: 'continue', value: { title: 'Track as request', url: 'https://localhost/tab?dialog=track', height: 'large' } } }))
      .toEqual({ kind: 'page', title: 'Track as request', url: 'https://localhost/tab?dialog=track' });
  });

  it('shows a card answer\'s text blocks, the first as the heading', () => {
    const card = { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'You already track this message' }, { type: 'TextBlock', text: 'Its status: open.' }, { type: 'Image' }] } };
    expect(messageActionView(200, { task: { type: 'continue', value: { title: 'Track as request', card } } }))
      .toEqual({ kind: 'card', title: 'Track as request', heading: 'You already track this message', paragraphs: ['Its status: open.'] });
  });

  it('shows a task/message as a message', () => {
    expect(messageActionView(200, { task: { type: 'message', value: 'Tracked as a request: "VPN".' } })).toEqual({ kind: 'message', text: 'Tracked as a request: "VPN".' });
  });

  it('shows a refused invoke or an answer without a task as an error', () => {
    expect(messageActionView(401, null)).toEqual({ kind: 'error', text: 'Something went wrong. The app answered HTTP 401.' });
    expect(messageActionView(200, { status: 200 }).kind).toBe('error');
    expect(messageActionView(200, { task: { type: 'continue', value: { title: 'x' } } }).kind).toBe('error');
  });
});
