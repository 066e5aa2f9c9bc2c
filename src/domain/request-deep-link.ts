/**
 * Links that open Turnaround's personal tab on one request: the tab's sub-page (`request:<id>`, what teams-js hands the
 * tab as `app.Context.page.subPageId`), the Teams deep link that carries it as `subEntityId`, and the topic of an
 * activity-feed notification about the request, so a click on the notification opens the tab on that request.
 */
import { DomainError } from './domain-error';

/** The personal tab's `entityId` in the app manifest (`staticTabs[0].entityId`). */
export const PERSONAL_TAB_ENTITY_ID = 'myQueue';

const SUB_PAGE = /^request:([A-Za-z0-9_-]{1,64})$/;

/** The request a tab deep link's sub-page (`request:<id>`) names, or null for anything else. */
export function requestIdFromSubPage(subPageId: string | null | undefined): string | null {
  return SUB_PAGE.exec(subPageId ?? '')?.[1] ?? null;
}

/**
 * The sub-page of a tab deep link that opens the detail panel of request `id` (teams-js `subPageId`).
 * @throws DomainError `validation_failed` when `id` could not be read back by {@link requestIdFromSubPage}.
 */
export function requestSubPage(id: string): string {
  const subPage = `request:${id}`;
  if (requestIdFromSubPage(subPage) !== id) throw new DomainError('validation_failed', 'A request id has 1 to 64 letters, digits, - or _.');
  return subPage;
}

/**
 * A Teams deep link to the personal tab (`https://teams.microsoft.com/l/entity/{appId}/{entityId}?context=…`) with
 * `subEntityId` in its context, as Microsoft's deep-link format for tabs has it.
 * @param teamsAppId the Teams app's id (the manifest's `id`, not the Entra client id).
 */
export function personalTabDeepLink(teamsAppId: string, subEntityId: string): string {
  const context = encodeURIComponent(JSON.stringify({ subEntityId }));
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${PERSONAL_TAB_ENTITY_ID}?context=${context}`;
}

/** Graph's `teamworkActivityTopic` with a custom text: the location Teams shows and the link a click opens. */
export interface ActivityTopic {
  source: 'text';
  /** The text Teams shows as the notification's location. */
  value: string;
  /** The deep link a click opens. */
  webUrl: string;
}

/** Longest topic text we send; Teams shows a short location line, so a long subject is cut with an ellipsis. */
export const TOPIC_TEXT_MAX = 60;

/**
 * The topic of an activity-feed notification about a request: `label` (e.g. the request's subject, shortened to
 * {@link TOPIC_TEXT_MAX} characters) as the text, and the personal tab's deep link with the request as sub-entity.
 * @throws DomainError `validation_failed` for a request id {@link requestSubPage} refuses.
 */
export function requestActivityTopic(teamsAppId: string, requestId: string, label: string): ActivityTopic {
  const text = label.trim() === '' ? 'Request' : label.trim();
  const value = text.length <= TOPIC_TEXT_MAX ? text : `${text.slice(0, TOPIC_TEXT_MAX - 1)}…`;
  return { source: 'text', value, webUrl: personalTabDeepLink(teamsAppId, requestSubPage(requestId)) };
}
