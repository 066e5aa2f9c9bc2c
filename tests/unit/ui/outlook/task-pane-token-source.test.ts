import { createTaskPaneTokenSource } from '../../../../src/ui/outlook/task-pane-token-source';

describe('task pane token source', () => {
  it('uses nested app authentication when available', async () => {
    const getSsoToken = jest.fn(async () => 'sso');
    const getToken = createTaskPaneTokenSource({ host: { getSsoToken }, nestedAppAuth: async () => 'naa' });
    expect(await getToken()).toBe('naa');
    expect(getSsoToken).not.toHaveBeenCalled();
  });

  it('falls back to Office SSO when NAA fails, reports it once, and then stays on SSO', async () => {
    const naa = jest.fn(async () => { throw new Error('broker unavailable'); });
    const onFallback = jest.fn();
    const getToken = createTaskPaneTokenSource({ host: { getSsoToken: async () => 'sso' }, nestedAppAuth: naa, onFallback });
    expect(await getToken()).toBe('sso');
    expect(await getToken()).toBe('sso');
    expect(naa).toHaveBeenCalledTimes(1);
    expect(onFallback).toHaveBeenCalledWith(expect.objectContaining({ message: 'broker unavailable' }));
  });

  it('uses SSO directly without NAA and surfaces its failure', async () => {
    const getToken = createTaskPaneTokenSource({ host: { getSsoToken: () => Promise.reject(new Error('13001')) }, nestedAppAuth: null });
    await expect(getToken()).rejects.toThrow('13001');
  });
});
