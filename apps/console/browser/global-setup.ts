// Playwright's global setup: the services, the orchestrator and the console server for the whole run (stopped by
// the function it returns, Playwright's global teardown).
import type { FullConfig } from '@playwright/test';
import { startStack } from './support/stack';

export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const baseURL = config.projects[0]?.use.baseURL;
  if (!baseURL) throw new Error('playwright.config.ts names no baseURL');
  const stack = await startStack(Number(new URL(baseURL).port));
  return () => stack.stop();
}
