import { expect, test, type Locator, type Page } from '@playwright/test';
import { signIn, type DemoAccount } from './support/accounts';
import { expectAccessible } from './support/axe';
import { actOnDossier } from './support/dossier-page';

/**
 * A dossier's whole life through the screens only, as the center lives it (issue 11's first scenario): the clerk
 * receives it and prints the receipt; the officer finds it in the inbox, claims it and submits; the leader
 * approves; the clerk returns the result; the citizen looks it up with the code and PIN from the receipt.
 */
async function as(page: Page, who: DemoAccount): Promise<void> {
  await page.context().clearCookies();
  await signIn(page, who);
}

const act = (page: Page, button: string, confirm: string, status: string, fill?: (dialog: Locator) => Promise<void>) => actOnDossier(page, { button, confirm, status }, { fill });

test('receive and print → inbox, claim, submit → approve → return → the citizen’s lookup, all through the screens', async ({ page }) => {
  // The clerk at the counter.
  await as(page, 'demo-clerk');
  await expect(page).toHaveURL(/\/reception/);
  await page.getByLabel('Tìm thủ tục theo tên hoặc mã').fill('1.014190');
  await page.getByRole('button', { name: 'Chọn thủ tục 1.014190' }).click();
  await page.getByLabel(/^Đã nộp: Đơn đề nghị cấp biển hiệu/).check();
  await page.getByLabel('Họ và tên').fill('Vũ Thị Lan');
  await page.getByLabel('Số định danh cá nhân / CCCD / hộ chiếu').fill('001190054321');
  await page.getByLabel('Số điện thoại').fill('0987 654 321');
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Đã tiếp nhận hồ sơ' })).toBeVisible();
  const code = (await page.getByTestId('dossier-code').innerText()).trim();
  const appointment = (await page.getByTestId('appointment').innerText()).trim();
  const pin = (await page.getByTestId('lookup-pin').innerText()).trim();
  const [receipt] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: /In giấy tiếp nhận và hẹn trả kết quả/ }).click()]);
  await expect(receipt.getByText(`Mã hồ sơ: ${code}`)).toBeVisible();
  await expect(receipt.getByText(pin)).toBeVisible();
  await receipt.close();

  // The officer: the new dossier is in the inbox, unassigned; claim it there, then submit from its page.
  await as(page, 'demo-officer');
  await page.getByRole('tab', { name: 'Chưa ai nhận' }).click();
  const row = page.locator(`tr[data-code="${code}"]`);
  await expect(row).toContainText('Vũ Thị Lan');
  await row.getByRole('button', { name: `Nhận xử lý hồ sơ ${code}` }).click();
  await expect(row).toHaveCount(0);
  await page.getByRole('tab', { name: 'Của tôi' }).click();
  await row.getByRole('link', { name: code, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Hồ sơ ${code}` })).toBeVisible();
  await act(page, 'Trình kết quả', 'Trình lãnh đạo', 'Chờ lãnh đạo phê duyệt', async (d) => {
    await d.getByLabel('Giải quyết (chấp thuận)').check();
    await d.getByLabel('Tóm tắt kết quả xử lý').fill('Đủ điều kiện cấp biển hiệu.');
  });

  // The leader approves from the approvals list.
  await as(page, 'demo-leader');
  await expect(page).toHaveURL(/\/leader/);
  const waiting = page.getByRole('row').filter({ has: page.getByRole('link', { name: code, exact: true }) });
  await expect(waiting).toBeVisible();
  await waiting.getByRole('link', { name: code, exact: true }).click();
  await act(page, 'Phê duyệt', 'Phê duyệt', 'Đã có kết quả, chờ trả');

  // The clerk finds the dossier by its code and hands the result over.
  await as(page, 'demo-clerk');
  await page.getByLabel('Mã hồ sơ').fill(code);
  await page.getByRole('button', { name: 'Mở hồ sơ' }).click();
  await expect(page.getByRole('heading', { name: `Hồ sơ ${code}` })).toBeVisible();
  await act(page, 'Trả kết quả', 'Đã trả kết quả', 'Đã trả kết quả');
  await expectAccessible(page, 'the dossier page after the return');

  // The citizen, signed out, with the receipt's code and PIN.
  await page.context().clearCookies();
  await page.goto(`/tra-cuu?code=${encodeURIComponent(code)}`);
  await page.getByRole('textbox', { name: 'Mã tra cứu (PIN)' }).fill(pin);
  await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Kết quả tra cứu: ${code}` })).toBeVisible();
  await expect(page.getByTestId('public-status')).toContainText('Đã trả kết quả');
  await expect(page.getByTestId('public-due')).toHaveText(appointment);
  await expect(page.getByText('Vũ Thị Lan')).toHaveCount(0);
});
