import { OFFICE_STANDIN_CHANNEL, OutlookWorkbenchEmulator, restIdToEwsId, type StandinItem } from '../../../../src/devtenant/workbench/outlook-workbench-emulator';

const ITEM: StandinItem = {
  itemType: 'message', mode: 'read', itemId: restIdToEwsId('AAMkAG_a-b='), subject: 'Access to the HR folder',
  from: { displayName: 'Ana Costa', emailAddress: 'ana@contoso.com' }, internetMessageId: '<1@x>', conversationId: 'c1', categories: [],
};

function setup(getToken = async () => 'demo-token') {
  const sent: Record<string, unknown>[] = [];
  const added: [string, string[]][] = [];
  const emulator = new OutlookWorkbenchEmulator({
    send: (m) => sent.push(m as Record<string, unknown>),
    getToken,
    userProfile: { displayName: 'Me', emailAddress: 'me@contoso.com', timeZone: 'UTC' },
    onCategoriesAdded: (id, c) => added.push([id, c]),
  });
  return { emulator, sent, added };
}

describe('Outlook workbench emulator (the host side of the Office stand-in)', () => {
  it('answers hello with the item, Mailbox 1.8 and no NestedAppAuth', async () => {
    const { emulator, sent } = setup();
    emulator.setInitialItem({ ...ITEM });
    await emulator.handle({ channel: OFFICE_STANDIN_CHANNEL, id: 1, call: 'hello' });
    expect(sent).toEqual([{ channel: OFFICE_STANDIN_CHANNEL, id: 1, ok: true, value: expect.objectContaining({ item: ITEM, requirementSets: { Mailbox: '1.8', IdentityAPI: '1.3' } }) }]);
    expect(ITEM.itemId).toBe('AAMkAG+a/b=');
  });

  it('answers getAccessToken with the demo token, and a failure as an Office-shaped error', async () => {
    const ok = setup();
    await ok.emulator.handle({ channel: OFFICE_STANDIN_CHANNEL, id: 2, call: 'getAccessToken' });
    expect(ok.sent[0]).toMatchObject({ id: 2, ok: true, value: 'demo-token' });
    const failing = setup(async () => { throw new Error('unknown user'); });
    await failing.emulator.handle({ channel: OFFICE_STANDIN_CHANNEL, id: 3, call: 'getAccessToken' });
    expect(failing.sent[0]).toMatchObject({ id: 3, ok: false, error: { message: 'unknown user' } });
  });

  it('adds categories once to the selected item and reports them; refuses without a saved item', async () => {
    const { emulator, sent, added } = setup();
    emulator.setInitialItem({ ...ITEM, categories: [] });
    await emulator.handle({ channel: OFFICE_STANDIN_CHANNEL, id: 4, call: 'addCategories', args: [['Internal request']] });
    await emulator.handle({ channel: OFFICE_STANDIN_CHANNEL, id: 5, call: 'addCategories', args: [['Internal request']] });
    expect(added.at(-1)).toEqual([ITEM.itemId, ['Internal request']]);
    emulator.setInitialItem({ ...ITEM, mode: 'compose', itemId: null });
    await emulator.handle({ channel: OFFICE_STANDIN_CHANNEL, id: 6, call: 'addCategories', args: [['x']] });
    expect(sent.at(-1)).toMatchObject({ id: 6, ok: false, error: { name: 'ItemNotFound' } });
  });

  it('pushes ItemChanged with the new item and ignores foreign messages', async () => {
    const { emulator, sent } = setup();
    await emulator.handle({ func: 'initialize', id: 1 }); // a teams-js message: not ours
    emulator.selectItem(null);
    expect(sent).toEqual([{ channel: OFFICE_STANDIN_CHANNEL, event: 'itemChanged', item: null }]);
  });
});
