import { DEMO_API_CLIENT_ID, DevIdentityProvider, GRAPH_AUDIENCE, UnknownUserError } from '../../../src/devtenant/identity-provider';
import { GraphIdCodec } from '../../../src/devtenant/graph-ids';
import { addWorkingMinutes } from '../../../src/devtenant/demo-working-time';

const tenants = [{ tenantId: 'tid-1', users: [{ id: 'oid-1', userPrincipalName: 'a@contoso.example', displayName: 'A' }] }];

describe('DevIdentityProvider', () => {
  it('signs tokens it can verify and refuses expired, not-yet-valid and wrong-audience ones', async () => {
    let now = new Date('2025-03-20T12:00:00Z');
    const idp = await DevIdentityProvider.create({ tenants, issuerBase: 'http://localhost:9999/dev/idp', now: () => now });
    expect(idp.issuer).toBe('http://localhost:9999/dev/idp/tid-1/v2.0');
    const token = await idp.issueToken({ username: 'A@Contoso.example' });
    expect(await idp.verifyToken(token, [DEMO_API_CLIENT_ID])).toEqual(expect.objectContaining({ oid: 'oid-1', tid: 'tid-1', scp: 'access_as_user', aud: DEMO_API_CLIENT_ID }));
    expect(await idp.verifyToken(token, [GRAPH_AUDIENCE])).toBeNull();
    const graph = await idp.issueToken({ username: 'a@contoso.example', audience: GRAPH_AUDIENCE });
    expect((await idp.verifyToken(graph, [GRAPH_AUDIENCE]))?.scp).toMatch(/Mail\.ReadWrite/);
    expect(await idp.verifyToken(await idp.issueToken({ username: 'a@contoso.example', notBeforeOffsetSeconds: 600 }), [DEMO_API_CLIENT_ID])).toBeNull();
    now = new Date(now.getTime() + 2 * 3600_000);
    expect(await idp.verifyToken(token, [DEMO_API_CLIENT_ID])).toBeNull();
    await expect(idp.issueToken({ username: 'nobody@contoso.example' })).rejects.toBeInstanceOf(UnknownUserError);
    expect(idp.jwks().keys[0]).toEqual(expect.objectContaining({ alg: 'RS256', use: 'sig', kid: expect.any(String) }));
  });
});

describe('GraphIdCodec', () => {
  it('round-trips message and folder ids and rejects foreign ones', () => {
    const codec = new GraphIdCodec(7);
    const id = codec.messageId(123_456);
    expect(id).toMatch(/^AAMkAG/);
    expect(codec.messageNumber(id)).toBe(123_456);
    expect(new GraphIdCodec(8).messageNumber(id)).toBeNull();
    expect(codec.parseFolderId(codec.folderId(5, 'sentitems'))).toEqual({ userIndex: 5, folder: 'sentitems' });
  });
});

describe('demo working time', () => {
  const berlin = { ianaZone: 'Europe/Berlin', daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startMinute: 9 * 60, endMinute: 17 * 60 };
  it.each([
    // Friday 2025-03-14 16:00 Berlin (15:00Z) + 120 working minutes = 1 h Friday + 1 h Monday → Monday 10:00 Berlin (09:00Z)
    ['2025-03-14T15:00:00Z', 120, '2025-03-17T09:00:00Z'],
    // Saturday counts nothing: Saturday noon + 30 → Monday 09:30 Berlin
    ['2025-03-15T11:00:00Z', 30, '2025-03-17T08:30:00Z'],
    // Across the spring DST change (2025-03-30): Friday 16:30 CET + 60 → Monday 09:30 CEST (07:30Z)
    ['2025-03-28T15:30:00Z', 60, '2025-03-31T07:30:00Z'],
  ])('%s + %i working minutes = %s', (from, minutes, expected) => {
    expect(new Date(addWorkingMinutes(berlin, Date.parse(from), minutes)).toISOString()).toBe(new Date(expected).toISOString());
  });
});

describe('DevIdentityProvider application tokens and issuer bases', () => {
  it('issues app tokens with roles and idtyp app that verifyAnyToken accepts and verifyToken (delegated only) refuses', async () => {
    let now = new Date('2025-03-20T12:00:00Z');
    const idp = await DevIdentityProvider.create({ tenants, issuerBase: 'http://localhost:9999/dev/idp', now: () => now });
    await expect(idp.issueAppToken({ clientId: 'c', servicePrincipalId: 'sp', roles: ['Mail.Read'], lifetimeSeconds: 60, issuerBase: 'https://localhost:1', clientAuthentication: '1' })).rejects.toThrow(/Unknown issuer base/);
    idp.acceptIssuerBase('https://localhost:1/');
    const app = await idp.issueAppToken({ clientId: 'c', servicePrincipalId: 'sp', roles: ['Mail.Read'], lifetimeSeconds: 3600, issuerBase: 'https://localhost:1', clientAuthentication: '2' });
    const verified = await idp.verifyAnyToken(app, [GRAPH_AUDIENCE]);
    expect(verified).toEqual({ status: 'valid', claims: expect.objectContaining({ roles: ['Mail.Read'], idtyp: 'app', oid: 'sp', azp: 'c', azpacr: '2', iss: 'https://localhost:1/tid-1/v2.0' }) });
    expect(verified.status === 'valid' && verified.claims.scp).toBe(undefined);
    expect(await idp.verifyToken(app, [GRAPH_AUDIENCE])).toBeNull();
    const delegated = await idp.issueToken({ username: 'a@contoso.example', audience: GRAPH_AUDIENCE, issuerBase: 'https://localhost:1', authorizedParty: 'c' });
    expect(await idp.verifyToken(delegated, [GRAPH_AUDIENCE])).toEqual(expect.objectContaining({ iss: 'https://localhost:1/tid-1/v2.0', azp: 'c' }));
    expect(await idp.verifyAnyToken(`${app.slice(0, -4)}AAAA`, [GRAPH_AUDIENCE])).toEqual({ status: 'invalid' });
    now = new Date(now.getTime() + 3601_000);
    expect(await idp.verifyAnyToken(app, [GRAPH_AUDIENCE])).toEqual({ status: 'expired' });
    expect(await idp.verifyAnyToken(await idp.issueToken({ username: 'a@contoso.example', notBeforeOffsetSeconds: 600 }), [DEMO_API_CLIENT_ID])).toEqual({ status: 'expired' });
  });
});
