// Browser tests of the operator console: Playwright driving Debian's Chromium (never a downloaded browser) against
// the real test stack. browser/global-setup.ts starts the five services and the orchestrator from dist/ and the
// console server (tools/console/serve.mjs, dev sign-in) on CONSOLE_PORT (4240 on the test stack, shifted by
// STACK_PORT_OFFSET), and stops them afterwards. Run alone, after `node tools/build.mjs`:
//   source .stack/test/env.sh && npx playwright test -c apps/console/playwright.config.ts
// Screenshots of every page in both languages and the printed notice go to artifacts/console-screenshots/.
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const repoRoot = path.resolve(__dirname, '..', '..');
const consolePort = process.env.CONSOLE_PORT || String(4240 + Number(process.env.STACK_PORT_OFFSET ?? 0));

export default defineConfig({
  testDir: path.join(__dirname, 'browser'),
  testMatch: '**/*.browser.ts',
  outputDir: path.join(repoRoot, 'artifacts', 'console-browser-results'),
  globalSetup: path.join(__dirname, 'browser', 'global-setup.ts'),
  // one stack, one browser: the tests share the services and the objection rate limit of 127.0.0.1
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${consolePort}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 860 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
