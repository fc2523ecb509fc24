// Signing in on the local stack: the dev issuer's users listed with role and jurisdiction, one chosen by mouse and
// one by keyboard only; the language switch relabels the console; every control has an accessible name.
import { requireEnv } from './support/env';
import { type Page, expect, test } from '@playwright/test';
import { expectControlsNamed, screenshotBoth, switchLanguage } from './support/pages';

interface DevUser {
  subject: string;
  name: string;
  role: string;
  jurisdiction: string;
  label: { 'zh-CN': string; en: string };
}

/** The users the dev issuer offers (what the sign-in page lists), read from the issuer itself. */
async function devUsers(): Promise<DevUser[]> {
  const res = await fetch(`${requireEnv('AUTH_ISSUER')}/dev/users`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { users: DevUser[] }).users;
}

const userButton = (page: Page, user: DevUser) =>
  page.getByRole('list').getByRole('button', { name: new RegExp(`: ${user.name}, `) });

test('the home page, signed out, in both languages', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('精准扶贫 · 工作台');
  await expectControlsNamed(page, 'home');
  await screenshotBoth(page, 'home', async (lang) => {
    const nav = page.getByRole('navigation');
    await expect(nav.getByRole('link', { name: lang === 'en' ? 'Public notices' : '公示公告' })).toBeVisible();
    await expect(nav.getByRole('link', { name: lang === 'en' ? 'Sign in' : '登录' })).toBeVisible();
  });
});

test('a dev user signs in from the list, which shows role and jurisdiction; the language switch relabels it', async ({
  page,
}) => {
  const users = await devUsers();
  const cadre = users.find((u) => u.role === 'village_cadre');
  expect(cadre, 'the dev issuer offers a village cadre').toBeDefined();
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('登录（本地开发环境）');
  await expect(page.getByRole('list').getByRole('button')).toHaveCount(users.length);
  for (const u of users) {
    await expect(userButton(page, u)).toContainText(u.label['zh-CN']);
    await expect(userButton(page, u)).toContainText(u.jurisdiction);
  }
  await expectControlsNamed(page, 'sign-in');
  await screenshotBoth(page, 'sign-in', async (lang) => {
    await expect(userButton(page, cadre!)).toContainText(cadre!.label[lang]);
  });

  await userButton(page, cadre!).click();
  const who = page.getByTestId('signed-in-user');
  await expect(who).toHaveText(`${cadre!.name} · ${cadre!.label['zh-CN']}`);
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();

  expect(await switchLanguage(page)).toBe('en');
  await expect(who).toHaveText(`${cadre!.name} · ${cadre!.label.en}`);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Public notices' })).toBeVisible();
  // the choice is kept over a reload (the language in localStorage, the dev token in sessionStorage)
  await page.reload();
  await expect(who).toHaveText(`${cadre!.name} · ${cadre!.label.en}`);
  expect(await switchLanguage(page)).toBe('zh-CN');
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: '公示公告' })).toBeVisible();

  await expectControlsNamed(page, 'signed in: start page');
  await screenshotBoth(page, 'signed-in', async (lang) => {
    await expect(who).toHaveText(`${cadre!.name} · ${cadre!.label[lang]}`);
  });
});

/** Tab until the focused element's name (aria-label, else its text) matches `name`; how many presses it took. */
async function tabTo(page: Page, name: RegExp, max = 60): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() : '';
    });
    if (name.test(focused)) return presses;
  }
  throw new Error(`"${name}" was not reached with ${max} presses of Tab`);
}

test('keyboard only: Tab to a user, Enter signs in; Tab to sign out, Enter signs out', async ({ page }) => {
  const approver = (await devUsers()).find((u) => u.role === 'county_approver');
  expect(approver, 'the dev issuer offers a county approver').toBeDefined();
  await page.goto('/sign-in');
  await expect(userButton(page, approver!)).toBeVisible();
  // the first stop is the skip link, which moves the focus past the header
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: '跳到正文' })).toBeFocused();
  await tabTo(page, new RegExp(`: ${approver!.name}, `));
  await expect(userButton(page, approver!)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('signed-in-user')).toHaveText(`${approver!.name} · ${approver!.label['zh-CN']}`);

  await tabTo(page, /^退出$/);
  await expect(page.getByRole('button', { name: '退出' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
  await expect(page.getByRole('navigation').getByRole('link', { name: '登录' })).toBeVisible();
});
