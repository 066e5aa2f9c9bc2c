import { DirectoryService, MAX_MEMBERSHIP_AGE_SECONDS } from '../../../src/app/directory-service';
import { homeTeamAmong } from '../../../src/app/home-team';
import type { Stores } from '../../../src/app/store-ports';

const payroll = { id: 'a-payroll', displayName: 'Payroll' };
const it_ = { id: 'z-it', displayName: 'IT' };

describe('homeTeamAmong: the team a person’s requests belong to is chosen, never guessed', () => {
  it.each([
    // [teams, chosen, expected team, source, choiceNeeded]
    ['no team: nothing to choose', [], null, null, null, false],
    ['one team: that team, without asking', [payroll], null, 'a-payroll', 'onlyTeam', false],
    ['one team and a choice of a team since left: the one team', [payroll], 'z-it', 'a-payroll', 'onlyTeam', false],
    ['several teams, no choice: none, and the tab asks (no alphabetical or first-by-id guess)', [payroll, it_], null, null, null, true],
    ['several teams, the one chosen — the second by id and by name order here', [payroll, it_], 'z-it', 'z-it', 'chosen', false],
    ['several teams, a choice of a team since left: asked again', [payroll, it_], 'gone', null, null, true],
  ] as const)('%s', (_name, teams, chosen, expectedId, source, choiceNeeded) => {
    const home = homeTeamAmong(teams, chosen);
    expect({ id: home.team?.id ?? null, source: home.source, choiceNeeded: home.choiceNeeded }).toEqual({ id: expectedId, source, choiceNeeded });
  });
});

describe('DirectoryService: owner checks authorise on memberships at most 10 minutes old', () => {
  const stores = {} as Stores;
  const clock = { now: () => new Date(0) };

  it('accepts a refresh interval up to 10 minutes and refuses a longer one', () => {
    expect(MAX_MEMBERSHIP_AGE_SECONDS).toBe(600);
    expect(() => new DirectoryService({ stores, clock, source: null, refreshSeconds: 600 })).not.toThrow();
    expect(() => new DirectoryService({ stores, clock, source: null })).not.toThrow();
    expect(() => new DirectoryService({ stores, clock, source: null, refreshSeconds: 601 })).toThrow(RangeError);
    expect(() => new DirectoryService({ stores, clock, source: null, refreshSeconds: Number.NaN })).toThrow(RangeError);
  });
});
