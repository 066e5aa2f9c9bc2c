import { personAddresses, smtpAddressOf } from '../../../src/domain/person-addresses';

describe('smtpAddressOf', () => {
  it.each([
    ['SMTP:Ana.Silva@contoso.com', 'ana.silva@contoso.com'], // the primary address
    ['smtp:ana@sales.contoso.com', 'ana@sales.contoso.com'], // an alias
    ['Smtp:ana@contoso.com', 'ana@contoso.com'], // the prefix in any case
    [' smtp:ana@contoso.com ', 'ana@contoso.com'],
    ['SIP:ana@contoso.com', null], // Teams/Skype address, not mail
    ['X500:/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn=ana', null],
    ['smtp:', null],
    ['smtp:no-at-sign', null],
  ])('%s → %s', (entry, expected) => {
    expect(smtpAddressOf(entry)).toBe(expected);
  });
});

describe('personAddresses', () => {
  it('is mail, UPN, every SMTP proxy address and the seen ones — lower-cased, each once, in that order', () => {
    expect(personAddresses({
      mail: 'Ana.Silva@contoso.com',
      userPrincipalName: 'asilva@contoso.onmicrosoft.com',
      proxyAddresses: ['SMTP:ana.silva@contoso.com', 'smtp:ana@sales.contoso.com', 'SIP:ana.silva@contoso.com', 'smtp:asilva@contoso.onmicrosoft.com'],
      seenFrom: ['ANA@SALES.CONTOSO.COM', 'ana.s@contoso.com', null, undefined, ''],
    })).toEqual(['ana.silva@contoso.com', 'asilva@contoso.onmicrosoft.com', 'ana@sales.contoso.com', 'ana.s@contoso.com']);
  });

  it('is empty when nothing is known, and skips what is not an address', () => {
    expect(personAddresses({})).toEqual([]);
    expect(personAddresses({ mail: null, userPrincipalName: 'not an address', proxyAddresses: null })).toEqual([]);
  });

  it("keeps a guest's UPN as it is (#EXT# and all), so a recipient written that way still matches", () => {
    expect(personAddresses({ mail: 'bob@fabrikam.example', userPrincipalName: 'bob_fabrikam.example#EXT#@contoso.onmicrosoft.com' }))
      .toEqual(['bob@fabrikam.example', 'bob_fabrikam.example#ext#@contoso.onmicrosoft.com']);
  });
});
