/**
 * The Outlook side of the workbench's Office.js stand-in protocol (office-standin.js runs in the framed task pane).
 * Frame → host: `{ channel: 'turnaround-office', id, call, args }` with call `hello` | `getAccessToken` | `addCategories`;
 * host → frame answer: `{ channel, id, ok: true, value }` or `{ channel, id, ok: false, error: { code, name, message } }`;
 * host → frame event: `{ channel, event: 'itemChanged', item }` (Outlook's ItemChanged while the pane is pinned).
 * Transport-agnostic like the Teams emulator: the page wires `handle` to `message` events and `send` to postMessage.
 */

export const OFFICE_STANDIN_CHANNEL = 'turnaround-office';

/** An Outlook item as the stand-in exposes it (Office.js field names). EWS-form `itemId`; null for an unsaved draft. */
export interface StandinItem {
  itemType: 'message' | 'appointment';
  mode: 'read' | 'compose';
  itemId: string | null;
  subject: string;
  from: { displayName: string; emailAddress: string } | null;
  internetMessageId: string | null;
  conversationId: string | null;
  categories: string[];
}

/** What `hello` answers: the current item, the user, and the requirement sets the stand-in claims. */
export interface StandinHello {
  item: StandinItem | null;
  userProfile: { displayName: string; emailAddress: string; timeZone: string };
  /** Set name → highest version supported. NestedAppAuth is absent: the task pane falls back to getAccessToken. */
  requirementSets: Record<string, string>;
  hostName: string;
}

export interface OutlookWorkbenchEmulatorOptions {
  send: (message: unknown) => void;
  /** An API token for the signed-in demo user (POST /dev/idp/token). */
  getToken: () => Promise<string>;
  userProfile: StandinHello['userProfile'];
  /** Told when the pane adds categories to the item (the workbench shows them at once, as Outlook does). */
  onCategoriesAdded?: (itemId: string, categories: string[]) => void;
}

interface FrameCall {
  channel: string;
  id: number;
  call: string;
  args?: unknown[];
}

function isFrameCall(data: unknown): data is FrameCall {
  const d = data as Partial<FrameCall> | null;
  return !!d && d.channel === OFFICE_STANDIN_CHANNEL && typeof d.id === 'number' && typeof d.call === 'string';
}

/** Graph (REST) ids are base64url; Outlook's EWS ids are base64. `convertToRestId` maps '/'→'-' and '+'→'_'. */
export function restIdToEwsId(restId: string): string {
  return restId.replace(/-/g, '/').replace(/_/g, '+');
}

/** The host side of the stand-in protocol for one framed task pane. */
export class OutlookWorkbenchEmulator {
  private item: StandinItem | null = null;

  constructor(private readonly options: OutlookWorkbenchEmulatorOptions) {}

  /** Changes the selected item; tells the pane (ItemChanged). */
  selectItem(item: StandinItem | null): void {
    this.item = item;
    this.options.send({ channel: OFFICE_STANDIN_CHANNEL, event: 'itemChanged', item });
  }

  /** Sets the item without an event (before the pane has loaded). */
  setInitialItem(item: StandinItem | null): void {
    this.item = item;
  }

  /** Handles one message from the pane; ignores anything that is not a stand-in call. */
  async handle(data: unknown): Promise<void> {
    if (!isFrameCall(data)) return;
    const reply = (body: Record<string, unknown>) => this.options.send({ channel: OFFICE_STANDIN_CHANNEL, id: data.id, ...body });
    try {
      switch (data.call) {
        case 'hello': {
          const hello: StandinHello = {
            item: this.item,
            userProfile: this.options.userProfile,
            requirementSets: { Mailbox: '1.8', IdentityAPI: '1.3' },
            hostName: 'Outlook workbench',
          };
          return reply({ ok: true, value: hello });
        }
        case 'getAccessToken':
          return reply({ ok: true, value: await this.options.getToken() });
        case 'addCategories': {
          const names = (data.args?.[0] ?? []) as string[];
          if (!this.item?.itemId) return reply({ ok: false, error: { code: 9041, name: 'ItemNotFound', message: 'No saved item is selected.' } });
          for (const name of names) if (!this.item.categories.includes(name)) this.item.categories.push(name);
          this.options.onCategoriesAdded?.(this.item.itemId, [...this.item.categories]);
          return reply({ ok: true, value: undefined });
        }
        default:
          return reply({ ok: false, error: { code: 5001, name: 'NotSupported', message: `The workbench does not implement ${data.call}.` } });
      }
    } catch (error) {
      return reply({ ok: false, error: { code: 13000, name: 'HostError', message: error instanceof Error ? error.message : String(error) } });
    }
  }
}
