/**
 * What the task pane gets from Outlook, as plain data and functions. Only office-host.ts implements it with Office.js;
 * the components and tests use these types, so a test passes a fake and the workbench speaks Office.js itself.
 */

/** The message (or other item) open in Outlook when the task pane asked. */
export interface OpenMailItem {
  /** 'message' for mail; appointments and others are not tracked. */
  itemType: 'message' | 'other';
  /** Read view, or a message being written (compose). */
  mode: 'read' | 'compose';
  /** The item's EWS id; null while a message has not been saved to the mailbox yet. */
  ewsItemId: string | null;
  /** The same id in REST / Microsoft Graph form (`convertToRestId`, v2.0); null when `ewsItemId` is. */
  restItemId: string | null;
  subject: string;
  /** The sender as Outlook shows it (display only: the server reads the sender from Graph). */
  from: { displayName: string; emailAddress: string } | null;
  internetMessageId: string | null;
  conversationId: string | null;
}

/** The Outlook calls the task pane uses. Every callback API is a promise that rejects with {@link OfficeHostError}. */
export interface OutlookHost {
  /** 'Outlook' in Outlook, the workbench's name in the demo. */
  readonly hostName: string;
  /** Whether Mailbox 1.8 (item categories) is supported. */
  readonly supportsCategories: boolean;
  /** Whether Outlook brokers Nested App Authentication (requirement set NestedAppAuth 1.1). */
  readonly supportsNestedAppAuth: boolean;
  /** The item open now, or null when none is selected (a pinned pane between selections). */
  currentItem(): OpenMailItem | null;
  /** Adds a category (a master category of that name) to the open item (Mailbox 1.8). */
  addCategoryToItem(name: string): Promise<void>;
  /** Calls `listener` whenever the user selects another item while the pane is pinned. */
  onItemChanged(listener: () => void): Promise<void>;
  /** Office SSO (`Office.auth.getAccessToken`): an access token for the API. */
  getSsoToken(): Promise<string>;
}

/** Stable codes of host failures; `code` of an Office AsyncResult error is kept in `officeCode`. */
export type OfficeHostErrorCode = 'office_failed' | 'sso_failed' | 'naa_failed' | 'no_item';

/** An Office.js call that failed. */
export class OfficeHostError extends Error {
  constructor(
    readonly code: OfficeHostErrorCode,
    message: string,
    /** Office's own error code or name (e.g. 13003 for SSO, 'InvalidCategory'), when Office gave one. */
    readonly officeCode: string | number | null = null,
  ) {
    super(message);
    this.name = 'OfficeHostError';
  }
}
