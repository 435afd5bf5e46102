import os from 'node:os';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './tests/browser/support/chromium';

/**
 * The console's end-to-end tests: Debian's Chromium (never a downloaded browser) against the real API and worker
 * (started here as `npm start` starts them) on the real PostgreSQL and Temporal that scripts/with-services.ts
 * provides (npm test runs `with-services.ts -- npx playwright test`). One worker: the scenarios share one
 * system, as the staff of a center share one, and a 2-core machine runs them one at a time.
 */
const port = Number(process.env.CONSOLE_TEST_PORT ?? 3900);
const env = {
  ...(process.env as Record<string, string>),
  PORT: String(port),
  TASK_QUEUE: 'console-e2e',
  AUTH_JWT_SECRET: 'console-e2e-secret-of-sixteen-chars',
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  LOG_LEVEL: 'warn',
  DATA_DIR: process.env.CONSOLE_TEST_DATA_DIR ?? `${os.tmpdir()}/motcua-console-e2e-${process.pid}`,
};

export default defineConfig({
  testDir: 'tests/browser',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  outputDir: process.env.PLAYWRIGHT_OUTPUT ?? 'tests/browser/.output',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    // --lang: the browser's own widgets (date inputs) in Vietnamese, as at the center's desks (the locale option sets only the page's).
    launchOptions: { executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--lang=vi-VN'] },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  // `npm start` itself, on the services with-services.ts started: it seeds the demo staff on the fresh database,
  // builds the console and runs the worker and the API, and is ready when /readyz is (the worker polls).
  webServer: { command: 'npx tsx scripts/start.ts', env, url: `http://127.0.0.1:${port}/readyz`, timeout: 180_000, stdout: 'ignore', stderr: 'pipe' },
});
