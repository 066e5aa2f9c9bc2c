import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * axe's serious and critical violations on the page and the surface it frames, as "rule: targets" lines.
 * Tabster (Fluent's focus manager) inserts aria-hidden focusable <i data-tabster-dummy> sentinels that move focus
 * onwards at once; axe flags them as aria-hidden-focus. They are excluded, as Fluent UI's own axe setup does.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).exclude('[data-tabster-dummy]').exclude(['iframe', '[data-tabster-dummy]']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
