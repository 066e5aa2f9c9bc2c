/** The tab's views other than the queue, in one lazily loaded chunk (see tab-app.tsx). */
export { AsksView } from './asks-view';
export { SuggestionsView } from './suggestions-view';
export { TrackChatView } from './track-chat-view';
export { TurnaroundView } from './turnaround-view';
