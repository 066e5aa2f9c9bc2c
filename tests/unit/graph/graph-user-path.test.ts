import { userPath, userScopedLink } from '../../../src/graph/graph-user-path';

const ROOT = 'https://graph.microsoft.com/v1.0/';
const user = { tenantId: 't-1', userId: '5f1c0d2e-0000-4000-8000-00000000abcd' };

describe('the /users/{id} form of Graph paths', () => {
  it('addresses the person by id, never /me, and encodes what is not a plain id', () => {
    expect(userPath(user)).toBe('/users/5f1c0d2e-0000-4000-8000-00000000abcd');
    expect(userPath({ tenantId: 't-1', userId: 'a/b?c' })).toBe('/users/a%2Fb%3Fc');
  });

  it.each([
    // A link stored before issue 18 (/me) is followed as the person's own /users/{id} link, query untouched.
    ['me/mailFolders/inbox/messages/delta?$deltatoken=abc', 'users/5f1c0d2e-0000-4000-8000-00000000abcd/mailFolders/inbox/messages/delta?$deltatoken=abc'],
    // Already in the /users/{id} form: unchanged.
    ['users/5f1c0d2e-0000-4000-8000-00000000abcd/mailFolders/inbox/messages/delta?$skiptoken=x', 'users/5f1c0d2e-0000-4000-8000-00000000abcd/mailFolders/inbox/messages/delta?$skiptoken=x'],
    // A path that merely starts with "me" is not /me.
    ['messages/delta?$deltatoken=abc', 'messages/delta?$deltatoken=abc'],
  ])('%s → %s', (stored, followed) => {
    expect(userScopedLink(`${ROOT}${stored}`, user, ROOT)).toBe(`${ROOT}${followed}`);
  });

  it('leaves a link of another Graph root alone', () => {
    const other = 'https://localhost:1234/v1.0/me/mailFolders/inbox/messages/delta?$deltatoken=abc';
    expect(userScopedLink(other, user, ROOT)).toBe(other);
  });
});
