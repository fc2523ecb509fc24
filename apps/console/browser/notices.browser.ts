// The public notice board without sign-in, on a real village notice (support/notice.ts): households with their ID
// numbers and phones masked, days left; an objection filed through the form gives a receipt code whose page shows
// it; the printable notice (公示) renders to an A4 PDF whose text, read back by pdftotext, has the Chinese title and
// the households' names in an embedded CJK font.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type NoticePaths, serviceClient } from '@fupin/api-client';
import { requireEnv } from './support/env';
import { type Page, expect, test } from '@playwright/test';
import { type PostedNotice, postVillageNotice } from './support/notice';
import { expectControlsNamed, screenshotBoth, screenshotDir } from './support/pages';

type PublicNotice = NoticePaths['/notices/{id}']['get']['responses'][200]['content']['application/json'];

const DAY_MS = 86_400_000;
const maskedId = (id: string) => `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(14)}`;
const maskedPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`;
const notices = () => serviceClient('notice-service', `http://127.0.0.1:${requireEnv('NOTICE_PORT')}`);

let posted: PostedNotice;
let notice: PublicNotice;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  posted = await postVillageNotice();
  const r = await notices().GET('/notices/{id}', { params: { path: { id: posted.noticeId } } });
  expect(r.response.status).toBe(200);
  notice = r.data!;
  expect(notice.status).toBe('open');
});

/** The notice's card on the board (named by its title, in either language). */
const noticeCard = (page: Page) => page.locator(`article[aria-labelledby="notice-${posted.noticeId}"]`);

/** Nothing of the page shows a full ID number or phone. */
async function expectNothingUnmasked(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  for (const h of posted.heads) {
    expect(text).not.toContain(h.idNumber);
    expect(text).not.toContain(h.phone);
  }
}

test('the public board shows the open notice without sign-in: masked ID numbers and phones, days left', async ({
  page,
}) => {
  await page.goto(`/notices?division=${posted.village}`);
  const card = noticeCard(page);
  await expect(card).toHaveAccessibleName(notice.title['zh-CN']);
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
  const days = Math.ceil((Date.parse(notice.closesAt) - Date.now()) / DAY_MS);
  expect(days).toBeGreaterThan(1);
  await expect(card).toContainText(`剩余 ${days} 天`);
  await expect(card).toContainText(`共 ${posted.heads.length} 户`);
  const rows = card.getByRole('table').locator('tbody tr');
  await expect(rows).toHaveCount(posted.heads.length);
  for (const h of posted.heads) {
    const row = rows.filter({ hasText: h.name });
    await expect(row.getByRole('cell').nth(3)).toHaveText(maskedId(h.idNumber));
    await expect(row.getByRole('cell').nth(4)).toHaveText(maskedPhone(h.phone));
  }
  await expectNothingUnmasked(page);
  await card.getByText('提出异议').click(); // the objection form opens inside the card
  await expectControlsNamed(page, 'notice board');
  await screenshotBoth(page, 'notice-board', async (lang) => {
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(lang === 'en' ? 'Public notices' : '公示公告');
    await expect(card).toContainText(lang === 'en' ? `${days} days left` : `剩余 ${days} 天`);
  });
});

test('an objection filed through the form gives a receipt code; its page shows the objection', async ({ page }) => {
  const target = posted.heads[1];
  const text = '该户家中新建了两层楼房，收入情况与申报不符，请核实。';
  await page.goto(`/notices?division=${posted.village}`);
  const card = noticeCard(page);
  await card.getByText('提出异议').click();
  const entry = notice.entries.find((e) => e.name === target.name)!;
  await card.getByLabel('针对的农户（可选）').selectOption(entry.entryId);
  await card.getByLabel('异议内容').fill(text);
  await card.getByLabel('联系电话（可选，不公开）').fill('13512345678');
  await expectControlsNamed(page, 'objection form');
  await screenshotBoth(page, 'objection-form');
  await card.getByRole('button', { name: '提交异议' }).click();

  const receipt = card.getByRole('status');
  await expect(receipt).toContainText('异议已受理。回执码：');
  const code = /回执码：(\S+)/.exec(await receipt.innerText())?.[1];
  expect(code).toMatch(/^[0-9A-Z]{12}$/);
  await screenshotBoth(page, 'objection-receipt', async (lang) => {
    await expect(receipt).toContainText(code!);
    await expect(receipt).toContainText(lang === 'en' ? 'Receipt code' : '回执码');
  });
  // the service has it, against that household, pending the township's re-examination
  const stored = await notices().GET('/objections/{receiptCode}', { params: { path: { receiptCode: code! } } });
  expect(stored.data).toMatchObject({ status: 'pending', entryId: entry.entryId, notice: { id: posted.noticeId } });

  await receipt.getByRole('link', { name: '查看处理结果' }).click();
  await expect(page).toHaveURL(new RegExp(`/objections/${code}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('异议处理结果查询');
  await expect(page.getByText(notice.title['zh-CN'])).toBeVisible();
  await expect(page.getByText('待复核')).toBeVisible();
  await expectControlsNamed(page, 'objection lookup');
  await screenshotBoth(page, 'objection-lookup', async (lang) => {
    await expect(page.getByText(lang === 'en' ? 'Pending re-examination' : '待复核')).toBeVisible();
  });

  // the lookup form finds it too, typed in by hand
  await page.goto('/objections');
  await page.getByLabel('回执码（12位）').fill(code!);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByText('待复核')).toBeVisible();
});

const originOf = (page: Page) => new URL(page.url()).origin;
const pdftotext = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

test('the printable notice: official layout on screen, an A4 PDF with the Chinese text and an embedded CJK font', async ({
  page,
}) => {
  const place = `${posted.names.county}${posted.names.township}${posted.names.village}`;
  const issuer = `${place}村民委员会`;
  await page.goto(`/notices?division=${posted.village}`);
  await noticeCard(page).getByRole('link', { name: '打印公示' }).click();
  await expect(page).toHaveURL(new RegExp(`/notices/${posted.noticeId}/print$`));

  const doc = page.getByTestId('printable-notice');
  await expect(doc.getByRole('heading', { level: 1 })).toHaveText(notice.title['zh-CN']);
  await expect(doc).toContainText(place);
  await expect(doc).toContainText(issuer);
  await expect(doc).toContainText('（北京时间）');
  await expect(doc).toContainText(`公示名单（共 ${posted.heads.length} 户）`);
  const opens = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(notice.display.opensAt)!;
  await expect(doc).toContainText(`公示期：${opens[1]}年${Number(opens[2])}月${Number(opens[3])}日 ${opens[4]} 至`);
  await expect(doc).toContainText(`${originOf(page)}/notices?division=${posted.village}`);
  const rows = doc.getByRole('table').locator('tbody tr');
  await expect(rows).toHaveCount(posted.heads.length);
  for (const h of posted.heads) {
    const row = rows.filter({ hasText: h.name });
    await expect(row).toContainText(maskedId(h.idNumber));
    await expect(row).toContainText(maskedPhone(h.phone));
  }
  await expectNothingUnmasked(page);
  await expectControlsNamed(page, 'printable notice');

  await screenshotBoth(page, 'notice-print', async (lang) => {
    await expect(doc.getByRole('heading', { level: 1 })).toHaveText(notice.title[lang]);
  });

  const pdf = path.join(screenshotDir, 'notice-print.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const text = pdftotext(pdf);
  for (const expected of [notice.title['zh-CN'], issuer, '异议受理', ...posted.heads.map((h) => h.name)])
    expect(text).toContain(expected);
  for (const h of posted.heads) {
    expect(text).toContain(maskedId(h.idNumber));
    expect(text).not.toContain(h.idNumber);
    expect(text).not.toContain(h.phone);
  }
  // the header and the buttons are not printed
  expect(text).not.toContain('打印 / 另存为 PDF');
  expect(text).not.toContain('精准扶贫 · 工作台');
  // every font is embedded (Chromium writes the glyphs of Noto CJK, a CFF font, as Type 3 fonts; pdftotext read
  // them back above through their ToUnicode maps)
  const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  expect(fonts.length).toBeGreaterThan(0);
  expect(fonts.filter((f) => !/\s(Type 3|CID TrueType|TrueType|Type 1C?|CID Type 0C?)\s+\S+\s+yes\s/.test(f))).toEqual(
    [],
  );
  // page 1 as a picture, kept with the screenshots
  const page1 = pdf.replace(/\.pdf$/, '.page1');
  execFileSync('pdftoppm', ['-png', '-r', '96', '-f', '1', '-l', '1', '-singlefile', pdf, page1]);
  expect(fs.statSync(`${page1}.png`).size).toBeGreaterThan(10_000);

  // last (the page stays in print mode): the button opens the print dialog — Chromium fires beforeprint for it
  await page.evaluate(() =>
    window.addEventListener('beforeprint', () => document.body.setAttribute('data-printing', 'yes'), { once: true }),
  );
  await page.getByRole('button', { name: '打印 / 另存为 PDF' }).click();
  await expect(page.locator('body')).toHaveAttribute('data-printing', 'yes');
});
