/**
 * The workbench's "…" → "More actions" → "Track as request" on one message, as a person does it: each item checked
 * painted on top where the mouse goes (the submenu judged once its fade-in has ended), photographed, then clicked.
 */
import type { Locator, Page } from 'playwright-core';
import { probePainted } from './painted';

/** Opens the message's menu down to "Track as request", saves a screenshot to `screenshotPath`, and clicks the item. */
export async function clickTrackAsRequest(page: Page, message: Locator, from: string, screenshotPath: string): Promise<void> {
  await message.getByRole('button', { name: `More options for the message from ${from}` }).click();
  const moreActions = page.getByRole('menuitem', { name: 'More actions' });
  await moreActions.waitFor({ timeout: 5_000 });
  expect(await probePainted(moreActions)).toMatchObject({ painted: true });
  await moreActions.click();
  const trackItem = page.getByRole('menuitem', { name: 'Track as request' });
  await trackItem.waitFor({ timeout: 5_000 });
  // The submenu fades in: it is judged and photographed once its animations have ended.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  const trackProbe = await probePainted(trackItem);
  expect(trackProbe).toMatchObject({ painted: true });
  await page.screenshot({ path: screenshotPath });
  await page.mouse.click(trackProbe.centre.x, trackProbe.centre.y);
}
