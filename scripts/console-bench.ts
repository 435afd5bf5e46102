/**
 * The console's two figures (issue 11, "Done when"): the first screen's JavaScript, gzipped (from console/dist),
 * and the time headless Chromium takes to render an inbox of 1,000 tasks, against a running system.
 *
 *   npx tsx scripts/console-bench.ts [http://127.0.0.1:3000] [--count 1000] [--no-import]
 *
 * The 1,000 dossiers come in the fastest honest way the API offers: POST /api/v1/dossiers/import (an admin brings
 * in-flight dossiers over from a previous system), a few at a time, each a real dossier with its workflow, received
 * by the demo clerk's branch for a procedure of the demo officer's department; the inbox is that officer's
 * "unassigned" tab (the claims waiting), read through the screen as a person would. The table grows a page at a
 * time (PAGE_SIZE rows per "load more"), so the figures are: the first page on screen, and all 1,000 rows on screen.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/browser/support/chromium';

const PROCEDURE = { code: '1.014190', component: 'don-de-nghi' };
const BRANCH = 'branch-cau-giay-thanh-xuan';
const PASSWORD = process.env.DEMO_PASSWORD ?? 'motcua-demo';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** The scripts that index.html loads before anything renders (the entry and its preloads), gzipped, and the rest. */
function bundleSizes(): { firstScreen: { file: string; raw: number; gzip: number }[]; lazy: { file: string; raw: number; gzip: number }[] } {
  const dist = path.resolve(__dirname, '../console/dist');
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const entry = new Set([...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!));
  const all = fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  const size = (file: string) => {
    const buf = fs.readFileSync(path.join(dist, file));
    return { file, raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
  };
  return { firstScreen: [...entry].map(size), lazy: all.filter((f) => !entry.has(f)).map(size) };
}

async function session(base: string, username: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

async function importDossiers(base: string, count: number): Promise<string[]> {
  const admin = await session(base, 'demo-admin');
  const stamp = Date.now();
  const codes: string[] = [];
  let next = 0;
  const started = Date.now();
  const one = async (i: number) => {
    const code = `BENCH-${stamp}-${String(i).padStart(4, '0')}`;
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${base}/api/v1/dossiers/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'Idempotency-Key': code },
        body: JSON.stringify({
          procedureCode: PROCEDURE.code,
          applicant: { fullName: `Người nộp thử ${i}`, idNumber: '001088012345', phone: '0912345678' },
          documents: [{ code: PROCEDURE.component }],
          receivingBranchId: BRANCH,
          receivedAt: new Date(stamp - (count - i) * 1000).toISOString(),
          code,
        }),
      });
      if (res.ok) break;
      if (res.status !== 503 || attempt >= 5) throw new Error(`import ${code}: ${res.status} ${await res.text()}`);
    }
    codes.push(code);
  };
  const workers = Array.from({ length: 8 }, async () => {
    while (next < count) await one(next++);
  });
  await Promise.all(workers);
  console.log(`imported ${count} dossiers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return codes;
}

/** Until the last dossier is transferred (the officer's claim task exists). */
async function waitTransferred(base: string, codes: string[]): Promise<void> {
  const officer = await session(base, 'demo-officer');
  const deadline = Date.now() + 10 * 60_000;
  for (const code of [codes[0]!, codes[codes.length - 1]!]) {
    for (;;) {
      const res = await fetch(`${base}/api/v1/dossiers/${code}`, { headers: { cookie: officer.cookie } });
      if (res.ok && ((await res.json()) as { status: string }).status === 'transferred') break;
      if (Date.now() > deadline) throw new Error(`${code} not transferred after 10 minutes`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function main(): Promise<void> {
  const base = (process.argv.slice(2).find((a) => /^https?:/.test(a)) ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const count = Number(arg('count') ?? 1000);

  const sizes = bundleSizes();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const first = sizes.firstScreen.reduce((s, f) => s + f.gzip, 0);
  console.log(`first screen JavaScript: ${kb(first)} gzipped (${sizes.firstScreen.map((f) => `${f.file} ${kb(f.raw)} → ${kb(f.gzip)}`).join(', ')})`);
  for (const f of sizes.lazy) console.log(`  loaded later: ${f.file} ${kb(f.raw)} → ${kb(f.gzip)} gzipped`);

  if (!process.argv.includes('--no-import')) await waitTransferred(base, await importDossiers(base, count));

  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    await page.goto(`${base}/signin`);
    await page.locator('input[autocomplete=username]').fill('demo-officer');
    await page.locator('input[autocomplete=current-password]').fill(PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
    const rows = page.locator('tbody tr[data-code]');
    const runs: { firstPage: number; all: number; rows: number; pages: number }[] = [];
    for (let run = 0; run < 3; run++) {
      await page.goto(`${base}/`);
      await page.waitForLoadState('networkidle');
      const t0 = Date.now();
      await page.goto(`${base}/inbox?tab=unassigned`);
      await rows.first().waitFor();
      const firstPage = Date.now() - t0;
      let pages = 1;
      const more = page.getByRole('button', { name: /^Tải thêm/ });
      while ((await rows.count()) < count && (await more.count()) > 0) {
        const before = await rows.count();
        await more.click();
        await rows.nth(before).waitFor({ timeout: 60_000 });
        pages++;
      }
      runs.push({ firstPage, all: Date.now() - t0, rows: await rows.count(), pages });
    }
    for (const r of runs) console.log(`inbox (unassigned): first page on screen in ${r.firstPage} ms; ${r.rows} rows on screen in ${r.all} ms (${r.pages} pages)`);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`median: first page ${median(runs.map((r) => r.firstPage))} ms, all rows ${median(runs.map((r) => r.all))} ms`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
