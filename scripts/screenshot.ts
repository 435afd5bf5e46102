/**
 * A screenshot of a console screen as someone sees it, to look at: headless Debian Chromium, optionally signed in.
 * Usage: tsx scripts/screenshot.ts <url> <out.png> [--user demo-clerk] [--password motcua-demo] [--lang en] [--width 1280]
 */
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/browser/support/chromium';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const [url, out] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  if (!url || !out) throw new Error('usage: screenshot.ts <url> <out.png> [--user u] [--password p] [--lang en] [--width 1280]');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: Number(arg('width', '1280')), height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const origin = new URL(url).origin;
    const lang = arg('lang');
    if (lang) await page.addInitScript(`localStorage.setItem('motcua.lang', ${JSON.stringify(lang)})`);
    const user = arg('user');
    if (user) {
      await page.goto(`${origin}/signin`);
      await page.locator('input[autocomplete=username]').fill(user);
      await page.locator('input[autocomplete=current-password]').fill(arg('password', 'motcua-demo')!);
      await page.locator('button[type=submit]').click();
      await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
    }
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: out, fullPage: true });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
