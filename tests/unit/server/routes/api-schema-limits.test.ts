/**
 * The API schema reads its limits and its priority list from src/domain (issue 16, "one definition per idea"): it
 * accepts exactly what the domain allows, and one more character or an unknown priority is refused.
 */
import { PRIORITIES } from '../../../../src/domain/priority';
import { NOTE_MAX_CHARACTERS } from '../../../../src/domain/request-note';
import { CATEGORY_MAX_CHARACTERS } from '../../../../src/domain/request-text';
import { requestActionBody, teamSettingsBody, trackBody } from '../../../../src/server/routes/api-schemas';

const track = (extra: Record<string, unknown>) => trackBody.safeParse({ source: 'email', messageId: 'AAMk-1', ...extra }).success;
const update = (extra: Record<string, unknown>) => requestActionBody.safeParse({ action: 'update', ...extra }).success;
const settings = (standard: Record<string, unknown>, categories: string[] = ['Payroll']) => teamSettingsBody.safeParse({
  categories,
  standards: [{ id: 's1', name: 'Default', category: null, priority: null, firstResponseTargetMinutes: 240, resolutionTargetMinutes: 960, ...standard }],
  calendar: { timeZone: 'UTC', windows: [{ days: ['monday'], start: '09:00', end: '17:00' }] },
  holidays: [],
  pauseForOutOfOffice: true,
  privacy: { minGroupSize: 5, individualView: false },
}).success;

describe('API schema limits come from the domain', () => {
  it('accepts a category of CATEGORY_MAX_CHARACTERS and refuses one more, when tracking, updating and in team settings', () => {
    const longest = 'c'.repeat(CATEGORY_MAX_CHARACTERS);
    const tooLong = longest + 'c';
    expect([track({ category: longest }), update({ category: longest }), settings({}, [longest]), settings({ name: longest }), settings({ category: longest })])
      .toEqual([true, true, true, true, true]);
    expect([track({ category: tooLong }), update({ category: tooLong }), settings({}, [tooLong]), settings({ name: tooLong }), settings({ category: tooLong })])
      .toEqual([false, false, false, false, false]);
  });

  it('accepts a note of NOTE_MAX_CHARACTERS and refuses one more', () => {
    expect([track({ note: 'n'.repeat(NOTE_MAX_CHARACTERS) }), update({ note: 'n'.repeat(NOTE_MAX_CHARACTERS) })]).toEqual([true, true]);
    expect([track({ note: 'n'.repeat(NOTE_MAX_CHARACTERS + 1) }), update({ note: 'n'.repeat(NOTE_MAX_CHARACTERS + 1) })]).toEqual([false, false]);
  });

  it('accepts every domain priority and nothing else', () => {
    for (const priority of PRIORITIES) expect([track({ priority }), update({ priority }), settings({ priority })]).toEqual([true, true, true]);
    expect([track({ priority: 'critical' }), update({ priority: 'critical' }), settings({ priority: 'critical' })]).toEqual([false, false, false]);
  });
});
