// The accessibility check the page tests rely on (support/pages.ts expectControlsNamed) finds what it must: a page
// whose controls all have names passes, and an unnamed input, select or icon-only button fails it.
import { expect, test } from '@playwright/test';
import { expectControlsNamed } from './support/pages';

const NAMED = `<main>
  <label for="code">回执码</label><input id="code">
  <select aria-label="村"><option>柳树村</option></select>
  <button type="button">查询</button>
</main>`;

test('the accessible-name check passes named controls and catches unnamed ones', async ({ page }) => {
  await page.setContent(NAMED);
  expect(await expectControlsNamed(page, 'all named')).toBe(3);
  for (const unnamed of ['<input id="x">', '<select><option></option></select>', '<button type="button"></button>']) {
    await page.setContent(`${NAMED}${unnamed}`);
    await expect(expectControlsNamed(page, unnamed)).rejects.toThrow(/without an accessible name/);
  }
});
