import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/accounts';
import { apiAs, receiveDossier } from './support/api';
import { expectAccessible } from './support/axe';

/**
 * The citizens' lookup page (/tra-cuu, no sign-in; issue 11 item 7): code and PIN → the status, the appointment and
 * the steps; a wrong PIN and a locked code said in words; the receipt's QR code leads here with the code.
 */
const SHOTS = path.join('tests/browser/.output/shots');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** A dossier received through the API (set-up): its code, PIN and appointment as the API renders it. */
async function aDossier(baseURL: string, name: string) {
  const clerk = await apiAs(baseURL, 'demo-clerk');
  try {
    const { code, lookupPin } = await receiveDossier(clerk, name);
    const { dueAt } = await clerk.get<{ dueAt: string }>(`/api/v1/dossiers/${code}`);
    return { code, pin: lookupPin, dueAt };
  } finally {
    await clerk.dispose();
  }
}

/** `2026-12-11T09:30:00+07:00` → `11/12/2026 09:30` (the API renders instants in Hanoi time). */
function shown(instant: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(instant)!;
  return `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}`;
}

const wrongPinOf = (pin: string) => (pin === '00000000' ? '11111111' : '00000000');

test('the citizen looks a dossier up by code and PIN; a wrong PIN is refused in words', async ({ page, baseURL }) => {
  const d = await aDossier(baseURL!, 'Đỗ Văn Hùng');
  await page.goto(`/tra-cuu?code=${encodeURIComponent(d.code)}`);
  await expect(page.getByRole('heading', { name: 'Tra cứu hồ sơ', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Mã hồ sơ')).toHaveValue(d.code);
  await expect(page.getByRole('button', { name: 'Đăng xuất' })).toHaveCount(0);
  await expectAccessible(page, 'lookup, empty');
  await shot(page, 'lookup-start');

  // No PIN: said before anything is sent.
  await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
  await expect(page.getByText('Hãy nhập mã PIN')).toBeVisible();

  await page.getByRole('textbox', { name: 'Mã tra cứu (PIN)' }).fill(wrongPinOf(d.pin));
  await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Không tìm thấy hồ sơ với mã và mã PIN này' })).toBeVisible();
  await expect(page.getByText('Đỗ Văn Hùng')).toHaveCount(0);
  await expectAccessible(page, 'lookup, wrong PIN');
  await shot(page, 'lookup-wrong-pin');

  await page.getByRole('textbox', { name: 'Mã tra cứu (PIN)' }).fill(d.pin);
  await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Kết quả tra cứu: ${d.code}` })).toBeVisible();
  await expect(page.getByTestId('public-due')).toHaveText(shown(d.dueAt));
  await expect(page.getByTestId('public-status')).not.toBeEmpty();
  await expect(page.getByRole('table', { name: 'Các bước hồ sơ đã qua, theo thời gian' }).getByRole('row').nth(1)).toContainText('Đã tiếp nhận');
  await expect(page.getByRole('alert')).toHaveCount(0);
  // Nothing personal: the applicant's name is not on the page; the PIN is not in the address.
  await expect(page.getByText('Đỗ Văn Hùng')).toHaveCount(0);
  expect(page.url()).not.toContain(d.pin);
  await expectAccessible(page, 'lookup, found');
  await shot(page, 'lookup-found');
});

test('a code locked after repeated wrong PINs is said in words (429)', async ({ page, baseURL }) => {
  const d = await aDossier(baseURL!, 'Ngô Thị Lan');
  await page.goto(`/tra-cuu?code=${encodeURIComponent(d.code)}`);
  const pin = page.getByRole('textbox', { name: 'Mã tra cứu (PIN)' });
  const wrong = page.getByRole('alert').filter({ hasText: 'Không tìm thấy hồ sơ với mã và mã PIN này' });
  // Five wrong PINs lock the code (api/routes/public.ts LOCK_AFTER_FAILURES); each answer is awaited.
  for (let i = 0; i < 5; i++) {
    await pin.fill(String(10_000_000 + i));
    const answer = page.waitForResponse((r) => r.url().includes('/api/v1/public/dossiers/'));
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    expect((await answer).status()).toBe(404);
    await expect(wrong).toBeVisible();
  }
  await pin.fill(d.pin);
  await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: /tạm khóa tra cứu\. Hãy thử lại sau \d+ phút/ })).toBeVisible();
  await expectAccessible(page, 'lookup, locked');
  await shot(page, 'lookup-locked');
});

test('the receipt’s QR code leads to the lookup page with the code; the PIN opens it', async ({ page, baseURL }) => {
  const d = await aDossier(baseURL!, 'Bùi Văn Khoa');
  await signIn(page, 'demo-clerk');
  await page.goto(`/print/receipt/${encodeURIComponent(d.code)}`);
  const expected = `${baseURL}/tra-cuu?code=${encodeURIComponent(d.code)}`;
  await expect(page.getByText(`Truy cập ${expected} với mã hồ sơ`)).toBeVisible();
  await expect(page.getByRole('img', { name: `Mã QR tra cứu hồ sơ ${d.code}` })).toBeVisible();

  // Where the QR code leads, in another browser (the citizen's phone: not signed in).
  const phone = await page.context().browser()!.newContext({ baseURL });
  const citizen = await phone.newPage();
  await citizen.goto(expected);
  await expect(citizen.getByLabel('Mã hồ sơ')).toHaveValue(d.code);
  await citizen.getByRole('textbox', { name: 'Mã tra cứu (PIN)' }).fill(d.pin);
  await citizen.getByRole('button', { name: 'Tra cứu', exact: true }).click();
  await expect(citizen.getByTestId('public-due')).toHaveText(shown(d.dueAt));
  await phone.close();
});
