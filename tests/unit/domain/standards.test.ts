import { DomainError } from '../../../src/domain/domain-error';
import type { Priority } from '../../../src/domain/priority';
import { selectStandard, validateStandard, type ServiceStandard } from '../../../src/domain/standards';

const s = (id: string, category: string | null, priority: Priority | null): ServiceStandard => ({ id, name: id, category, priority, firstResponseTargetMinutes: 60, resolutionTargetMinutes: 480 });
const standards = [s('any', null, null), s('urgent', null, 'urgent'), s('payroll', 'Payroll', null), s('payroll-urgent', 'Payroll', 'urgent'), s('any-2', null, null)];

describe('selectStandard', () => {
  it.each<[string, string | null, Priority | null, string]>([
    ['category + priority beats everything', 'Payroll', 'urgent', 'payroll-urgent'],
    ['category beats priority', 'Payroll', 'low', 'payroll'],
    ['priority beats catch-all', 'IT', 'urgent', 'urgent'],
    ['catch-all, first in list', 'IT', 'normal', 'any'],
    ['category compares case-insensitively', ' payroll ', null, 'payroll'],
    ['no category on the request never matches a category rule', null, 'urgent', 'urgent'],
  ])('%s', (_name, category, priority, expected) => {
    expect(selectStandard(standards, { category, priority }).id).toBe(expected);
  });

  it('falls back to the default 240 / 960 when nothing matches', () => {
    const chosen = selectStandard([s('payroll', 'Payroll', null)], { category: 'IT', priority: 'high' });
    expect(chosen.id).toBe('default');
    expect([chosen.firstResponseTargetMinutes, chosen.resolutionTargetMinutes]).toEqual([240, 960]);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, 600_000])('rejects target %p with invalid_standard', (target) => {
    expect(() => validateStandard({ ...s('x', null, null), resolutionTargetMinutes: target })).toThrow(DomainError);
    try {
      validateStandard({ ...s('x', null, null), resolutionTargetMinutes: target });
    } catch (error) {
      expect((error as DomainError).code).toBe('invalid_standard');
    }
  });
});
