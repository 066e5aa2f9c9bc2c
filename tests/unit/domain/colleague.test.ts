import { isColleagueAddress, isColleagueChatSender } from '../../../src/domain/colleague';

describe('isColleagueAddress', () => {
  const domains = ['contoso.com', 'contoso.onmicrosoft.com'];
  it.each([
    ['ana@contoso.com', true],
    ['Ana.Silva@CONTOSO.COM', true], // the domain is compared lower-cased
    ['ana@contoso.onmicrosoft.com', true],
    ['sales@vendor.example', false],
    ['ana@sub.contoso.com', false], // a subdomain is verified separately in Entra
    ['"a@contoso.com"@vendor.example', false], // the domain is what follows the last @
    ['no-at-sign', false],
  ])('%s → %s', (address, expected) => {
    expect(isColleagueAddress(address, domains)).toBe(expected);
  });

  it('is false when the tenant has no verified domains', () => {
    expect(isColleagueAddress('ana@contoso.com', [])).toBe(false);
  });
});

describe('isColleagueChatSender', () => {
  it.each([
    ['tenant-a', 'tenant-a', false, true], // same tenant, even if the directory has not seen them yet
    ['tenant-b', 'tenant-a', true, false], // a federated user from elsewhere is not, whatever the directory says
    [null, 'tenant-a', true, true], // tenant unknown: the tenant's directory knows them
    [null, 'tenant-a', false, false], // tenant unknown and not in the directory (a guest)
  ])('sender tenant %s, own tenant %s, in directory %s → %s', (sender, own, inDirectory, expected) => {
    expect(isColleagueChatSender(sender, own, inDirectory)).toBe(expected);
  });
});
