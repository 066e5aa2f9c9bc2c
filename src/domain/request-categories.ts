/**
 * Request categories: a team's standards name its categories (TeamSettings.categories); a request's category is one of
 * its team's. Pure: the canonical spelling of a category in a team's list, and the Outlook category a tracked email
 * gets, derived from the request's category.
 */

/** The Outlook category of a tracked email without a category; with one it is `Turnaround: <category>`. */
export const OUTLOOK_CATEGORY_PREFIX = 'Turnaround';

/**
 * The Outlook category name for a request's category: "Turnaround: Access" for "Access", "Turnaround" for none.
 * Commas and semicolons separate categories in some Outlook clients, so they become spaces.
 */
export function outlookCategoryName(category: string | null | undefined): string {
  const clean = (category ?? '').replace(/[,;]/g, ' ').replace(/\s+/g, ' ').trim();
  return clean === '' ? OUTLOOK_CATEGORY_PREFIX : `${OUTLOOK_CATEGORY_PREFIX}: ${clean}`;
}

/** The team's own spelling of `input` (compared trimmed and case-insensitively), or null when it is not in the list. */
export function matchCategory(categories: readonly string[], input: string): string | null {
  const wanted = input.trim().toLocaleLowerCase('en-US');
  if (wanted === '') return null;
  return categories.find((c) => c.trim().toLocaleLowerCase('en-US') === wanted) ?? null;
}
