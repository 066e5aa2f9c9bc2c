// The Office.js seam, driven by office-addin-mock (host "outlook") as Microsoft's unit-testing guide does: the mock
// object stands in for the `Office` namespace; office-host.ts must turn its callbacks into promises and data.
import { OfficeMockObject } from 'office-addin-mock';
import { createOfficeHost, waitForOffice, type OfficeApi } from '../../../../src/ui/outlook/office-host';
import { OfficeHostError } from '../../../../src/ui/outlook/outlook-host-types';

type Callback = (result: { status: string; value?: unknown; error?: { code: number; name: string; message: string } }) => void;

const EWS_ID = 'AAMkAGI2TG93AAA+bc/Def==';
const REST_ID = 'AAMkAGI2TG93AAA_bc-Def==';

function readItem(overrides: Record<string, unknown> = {}) {
  return {
    itemType: 'message',
    itemId: EWS_ID,
    subject: 'Payroll question for March',
    from: { displayName: 'Ana Costa', emailAddress: 'ana.costa@contoso.com' },
    internetMessageId: '<abc@contoso.com>',
    conversationId: 'AAQkAGI2conv',
    categories: {
      added: [] as string[],
      addAsync(names: string[], callback: Callback) {
        this.added.push(...names);
        callback({ status: 'succeeded' });
      },
    },
    ...overrides,
  };
}

function officeMock(item: unknown, extra: Record<string, unknown> = {}) {
  const handlers: { type: string; handler: () => void }[] = [];
  const data = {
    onReady: async () => ({ host: 'Outlook', platform: 'OfficeOnline' }),
    EventType: { ItemChanged: 'olkItemSelectedChanged' },
    context: {
      requirements: { isSetSupported: (set: string, version: string) => set === 'Mailbox' && Number(version) <= 1.8 },
      mailbox: {
        item,
        convertToRestId: (id: string, version: string) => {
          if (version !== 'v2.0') throw new Error(`unexpected REST version ${version}`);
          return id.replace(/\//g, '-').replace(/\+/g, '_');
        },
        addHandlerAsync(type: string, handler: () => void, callback: Callback) {
          handlers.push({ type, handler });
          callback({ status: 'succeeded' });
        },
      },
    },
    auth: { getAccessToken: async () => 'sso-token' },
    ...extra,
  };
  const mock = new OfficeMockObject(data, 'outlook' as never) as unknown as OfficeApi;
  return { office: mock, handlers };
}

describe('office-host (Outlook through office-addin-mock)', () => {
  it('reads the open message in read mode and converts its id to the REST (Graph) form', () => {
    const { office } = officeMock(readItem());
    expect(createOfficeHost(office).currentItem()).toEqual({
      itemType: 'message',
      mode: 'read',
      ewsItemId: EWS_ID,
      restItemId: REST_ID,
      subject: 'Payroll question for March',
      from: { displayName: 'Ana Costa', emailAddress: 'ana.costa@contoso.com' },
      internetMessageId: '<abc@contoso.com>',
      conversationId: 'AAQkAGI2conv',
    });
  });

  it('reports compose mode (subject is an object) without an id, and no item as null', () => {
    const compose = readItem({ itemId: undefined, subject: { getAsync: () => undefined }, from: { getAsync: () => undefined } });
    const item = createOfficeHost(officeMock(compose).office).currentItem();
    expect(item).toMatchObject({ mode: 'compose', ewsItemId: null, restItemId: null, from: null });
    const empty = officeMock(readItem()).office;
    (empty.context.mailbox as unknown as { item: unknown }).item = null; // a pinned pane with nothing selected
    expect(createOfficeHost(empty).currentItem()).toBeNull();
  });

  it('reports a read item without an id (not yet saved) with null ids', () => {
    const item = createOfficeHost(officeMock(readItem({ itemId: '' })).office).currentItem();
    expect(item).toMatchObject({ mode: 'read', ewsItemId: null, restItemId: null });
  });

  it('surfaces a convertToRestId exception as an OfficeHostError', () => {
    const { office } = officeMock(readItem());
    (office.context.mailbox as unknown as { convertToRestId: () => string }).convertToRestId = () => {
      throw new Error('Invalid id');
    };
    expect(() => createOfficeHost(office).currentItem()).toThrow(OfficeHostError);
    expect(() => createOfficeHost(office).currentItem()).toThrow(/convertToRestId failed: Invalid id/);
  });

  it('adds a category to the item and resolves when Office reports success', async () => {
    const item = readItem();
    await createOfficeHost(officeMock(item).office).addCategoryToItem('Internal request');
    expect(item.categories.added).toEqual(['Internal request']);
  });

  it('rejects with Office\'s error when adding the category fails', async () => {
    const item = readItem({
      categories: {
        addAsync: (_names: string[], callback: Callback) => callback({ status: 'failed', error: { code: 9057, name: 'InvalidCategory', message: 'The category does not exist in the master list.' } }),
      },
    });
    const attempt = createOfficeHost(officeMock(item).office).addCategoryToItem('Internal request');
    await expect(attempt).rejects.toThrow(OfficeHostError);
    await expect(attempt).rejects.toMatchObject({ code: 'office_failed', officeCode: 9057, message: expect.stringContaining('master list') });
  });

  it('rejects (not throws synchronously) when addAsync itself throws', async () => {
    const item = readItem({ categories: { addAsync: () => { throw new Error('API not supported'); } } });
    await expect(createOfficeHost(officeMock(item).office).addCategoryToItem('x')).rejects.toThrow(/API not supported/);
  });

  it('registers for ItemChanged and calls the listener on each change', async () => {
    const { office, handlers } = officeMock(readItem());
    const listener = jest.fn();
    await createOfficeHost(office).onItemChanged(listener);
    expect(handlers.map((h) => h.type)).toEqual(['olkItemSelectedChanged']);
    handlers[0]!.handler();
    handlers[0]!.handler();
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('reads requirement sets: categories need Mailbox 1.8; NAA unsupported here', () => {
    const host = createOfficeHost(officeMock(readItem()).office);
    expect(host.supportsCategories).toBe(true);
    expect(host.supportsNestedAppAuth).toBe(false);
  });

  it('wraps Office SSO: resolves the token, and rejects with code sso_failed and Office\'s number', async () => {
    expect(await createOfficeHost(officeMock(readItem()).office).getSsoToken()).toBe('sso-token');
    const failing = officeMock(readItem(), { auth: { getAccessToken: () => Promise.reject(Object.assign(new Error('The user is not signed in.'), { code: 13001 })) } });
    await expect(createOfficeHost(failing.office).getSsoToken()).rejects.toMatchObject({ code: 'sso_failed', officeCode: 13001 });
  });

  it('waitForOffice resolves with the host and times out when Office never answers', async () => {
    await expect(waitForOffice(officeMock(readItem()).office)).resolves.toBe('Outlook');
    const silent = officeMock(readItem(), { onReady: () => new Promise(() => undefined) });
    await expect(waitForOffice(silent.office, 20)).rejects.toMatchObject({ code: 'office_failed' });
  });
});
