/// <reference types="office-js" />
/**
 * The only file that touches Office.js. It turns Outlook's item and callback APIs into {@link OutlookHost}: plain data
 * and promises. Office's async APIs report failure in `AsyncResult.status`, never by throwing, so each one is wrapped
 * in a promise that rejects with an {@link OfficeHostError} — an error thrown inside an Office callback would never
 * reach the caller's try/catch (STYLE.md).
 * In Outlook, Office.js comes from Microsoft's CDN (`<script>` in the page); in the demo workbench the server serves the
 * same page with its stand-in (src/devtenant/workbench/office-standin.js), which implements the subset used here.
 */
import { OfficeHostError, type OpenMailItem, type OutlookHost } from './outlook-host-types';

/** The `Office` namespace, or a stand-in with the same shape (tests pass office-addin-mock's object). */
export type OfficeApi = typeof Office;

/** The `Office` global if office.js (or the workbench's stand-in) loaded, else null (a plain browser tab). */
export function officeGlobal(): OfficeApi | null {
  return typeof Office === 'undefined' ? null : Office;
}

/**
 * Waits for Office to be ready (`Office.onReady`). Resolves with the host's name ('Outlook'); rejects after
 * `timeoutMs` when Office never answers (the page opened outside Outlook).
 */
export function waitForOffice(office: OfficeApi, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new OfficeHostError('office_failed', `Office did not get ready within ${timeoutMs} ms: open this page from Outlook.`)), timeoutMs);
    Promise.resolve(office.onReady())
      .then((info) => {
        clearTimeout(timer);
        resolve(String(info?.host ?? 'Outlook'));
      })
      .catch((error: unknown) => {
        clearTimeout(timer);
        reject(new OfficeHostError('office_failed', `Office failed to start: ${error instanceof Error ? error.message : String(error)}`));
      });
  });
}

/** Runs an Office callback API as a promise; a failed AsyncResult rejects with its message and code. */
function callAsync<T>(what: string, start: (callback: (result: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      start((result) => {
        if (String(result.status) === 'succeeded') resolve(result.value);
        else reject(new OfficeHostError('office_failed', `${what} failed: ${result.error?.message ?? 'unknown error'}`, result.error?.code ?? result.error?.name ?? null));
      });
    } catch (error) {
      reject(new OfficeHostError('office_failed', `${what} failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  });
}

/** Office's RestVersion v2.0 (the same ids as Microsoft Graph), by value so a stand-in needs no enum. */
const REST_VERSION_V2 = 'v2.0';

function readItem(office: OfficeApi): OpenMailItem | null {
  const mailbox = office.context.mailbox;
  const item = mailbox.item as (Office.MessageRead & Office.MessageCompose) | null | undefined;
  if (!item) return null;
  // In read mode `subject` is a string; in compose mode it is an object with getAsync/setAsync.
  const mode = typeof item.subject === 'string' ? 'read' : 'compose';
  const itemType = String(item.itemType) === 'message' ? 'message' : 'other';
  const ewsItemId = mode === 'read' && typeof item.itemId === 'string' && item.itemId !== '' ? item.itemId : null;
  let restItemId: string | null = null;
  if (ewsItemId !== null) {
    try {
      restItemId = mailbox.convertToRestId(ewsItemId, REST_VERSION_V2);
    } catch (error) {
      throw new OfficeHostError('office_failed', `convertToRestId failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const from = mode === 'read' && item.from ? { displayName: item.from.displayName, emailAddress: item.from.emailAddress } : null;
  return {
    itemType,
    mode,
    ewsItemId,
    restItemId,
    subject: mode === 'read' ? (item.subject as unknown as string) : '',
    from,
    internetMessageId: mode === 'read' ? item.internetMessageId ?? null : null,
    conversationId: item.conversationId ?? null,
  };
}

/** Builds the {@link OutlookHost} over an Office namespace that is ready (after {@link waitForOffice}). */
export function createOfficeHost(office: OfficeApi, hostName = 'Outlook'): OutlookHost {
  const supports = (set: string, version: string): boolean => {
    try {
      return office.context.requirements.isSetSupported(set, version);
    } catch {
      return false;
    }
  };
  return {
    hostName,
    supportsCategories: supports('Mailbox', '1.8'),
    supportsNestedAppAuth: supports('NestedAppAuth', '1.1'),
    currentItem: () => readItem(office),
    addCategoryToItem: (name) => {
      const item = office.context.mailbox.item as Office.MessageRead | null;
      if (!item) return Promise.reject(new OfficeHostError('no_item', 'No item is open.'));
      return callAsync<void>('Adding the category', (done) => item.categories.addAsync([name], done));
    },
    onItemChanged: (listener) =>
      callAsync<void>('Listening for item changes', (done) =>
        office.context.mailbox.addHandlerAsync(office.EventType?.ItemChanged ?? ('olkItemSelectedChanged' as unknown as Office.EventType), () => listener(), done),
      ),
    getSsoToken: async () => {
      try {
        return await office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: false });
      } catch (error) {
        const code = (error as { code?: number }).code ?? null;
        const message = (error as { message?: string }).message ?? String(error);
        throw new OfficeHostError('sso_failed', `Office single sign-on failed: ${message}`, code);
      }
    },
  };
}
