import { matchCategory, outlookCategoryName } from '../../../src/domain/request-categories';

describe('outlookCategoryName: the Outlook category of a tracked email, from its team category', () => {
  it.each<[string, string | null | undefined, string]>([
    ['a team category', 'Access', 'Turnaround: Access'],
    ['several words', 'Bank details', 'Turnaround: Bank details'],
    ['no category', null, 'Turnaround'],
    ['undefined', undefined, 'Turnaround'],
    ['blank', '   ', 'Turnaround'],
    ['commas and semicolons separate Outlook categories, so they become spaces', 'Pay, expenses;  bonus', 'Turnaround: Pay expenses bonus'],
  ])('%s', (_row, category, name) => {
    expect(outlookCategoryName(category)).toBe(name);
  });
});

describe('matchCategory: the team list\'s spelling of a category', () => {
  const list = ['Access', 'Hardware', 'Bank details'];
  it.each<[string, string, string | null]>([
    ['exact', 'Access', 'Access'],
    ['other case and spaces', '  bank DETAILS ', 'Bank details'],
    ['not in the list', 'IT support', null],
    ['blank', '', null],
  ])('%s', (_row, input, expected) => {
    expect(matchCategory(list, input)).toBe(expected);
  });
});
