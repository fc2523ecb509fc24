// Helpers every browser test uses: screenshots of a page in both languages, the accessibility basics (every control
// has an accessible name), and the language switch in the header.
import fs from 'node:fs';
import path from 'node:path';
import { type Page, expect } from '@playwright/test';
import { artifactsDir } from './stack';

export type Lang = 'zh-CN' | 'en';
export const screenshotDir = path.join(artifactsDir, 'console-screenshots');

/** The language the console shows now (App.tsx sets <html lang>). */
export async function langOf(page: Page): Promise<Lang> {
  return (await page.locator('html').getAttribute('lang')) === 'en' ? 'en' : 'zh-CN';
}

/** Switch zh-CN ⇄ English with the header's button (named by what it switches to) and wait until it has. */
export async function switchLanguage(page: Page): Promise<Lang> {
  const to: Lang = (await langOf(page)) === 'en' ? 'zh-CN' : 'en';
  await page.getByRole('button', { name: to === 'en' ? '切换为英文' : 'Switch to Chinese' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', to);
  return to;
}

/**
 * A full-page screenshot of the page in each language (`<name>.zh-CN.png`, `<name>.en.png`), calling `check` with
 * each language first so the picture shows what was asserted; the page is left in the language it was in.
 */
export async function screenshotBoth(
  page: Page,
  name: string,
  check: (lang: Lang) => Promise<void> = async () => undefined,
): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  for (let i = 0; i < 2; i++) {
    if (i > 0) await switchLanguage(page);
    const lang = await langOf(page);
    await check(lang);
    await page.screenshot({ path: path.join(screenshotDir, `${name}.${lang}.png`), fullPage: true });
  }
  await switchLanguage(page);
}

const CONTROLS =
  'input:not([type=hidden]), select, textarea, button, a[href], summary, [role=button], [role=link], [role=checkbox], [tabindex]:not([tabindex="-1"])';
// roles of the accessibility tree that people operate; in an aria snapshot an unnamed one has no quoted name
const UNNAMED_IN_SNAPSHOT =
  /^\s*- (button|link|textbox|searchbox|combobox|listbox|checkbox|radio|spinbutton|slider|switch|tab|menuitem)(?=\s*(\[[^\]]*\])*\s*:?$)/gm;

/**
 * Every visible control of the page has an accessible name: each one as Playwright computes it
 * (toHaveAccessibleName), and the page's accessibility tree (ariaSnapshot) has no unnamed control. Returns how many
 * controls were checked (a page without any fails: the check could not fail otherwise).
 */
export async function expectControlsNamed(page: Page, where: string): Promise<number> {
  const controls = page.locator(CONTROLS);
  const unnamed: string[] = [];
  let checked = 0;
  for (const control of await controls.all()) {
    if (!(await control.isVisible())) continue;
    checked++;
    try {
      await expect(control).toHaveAccessibleName(/\S/, { timeout: 1000 });
    } catch {
      unnamed.push(await control.evaluate((el) => el.outerHTML.slice(0, 300)));
    }
  }
  expect(checked, `${where}: no visible control to check`).toBeGreaterThan(0);
  expect(unnamed, `${where}: controls without an accessible name`).toEqual([]);
  const tree = await page.locator('body').ariaSnapshot();
  expect(tree.match(UNNAMED_IN_SNAPSHOT) ?? [], `${where}: unnamed controls in the accessibility tree`).toEqual([]);
  return checked;
}
