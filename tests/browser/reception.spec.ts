import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/accounts';
import { apiAs, receiveDossier } from './support/api';
import { expectAccessible } from './support/axe';

/**
 * The clerk's counter (issue 11 item 2), through the screen: receive and print the receipt (Form 01, read back from
 * the PDF Chromium prints), a conditional component and a fee, guidance (Form 02), refusal (Form 03), the next
 * applicant of a queue, and a dossier found by its code.
 */
const SHOTS = path.join('tests/browser/.output/shots');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** A page printed to PDF by Chromium, read back as text (poppler's pdftotext), spaces folded. */
async function pdfText(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.pdf`);
  await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/** `02/12/2026 08:30` (the screen) → `08 giờ 30 phút, ngày 02 tháng 12 năm 2026` (the receipt's words). */
function inWords(shown: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})$/.exec(shown.trim());
  expect(m, `an appointment as dd/MM/yyyy HH:mm: "${shown}"`).not.toBeNull();
  return `${m![4]} giờ ${m![5]} phút, ngày ${m![1]} tháng ${m![2]} năm ${m![3]}`;
}

async function chooseProcedure(page: Page, search: string, code: string): Promise<void> {
  await page.getByLabel('Tìm thủ tục theo tên hoặc mã').fill(search);
  await page.getByRole('button', { name: `Chọn thủ tục ${code}` }).click();
  await expect(page.getByRole('heading', { name: /^Thủ tục: / })).toBeVisible();
  // (The router writes a value that reads as a number in quotes: procedure=%221.014190%22.)
  await expect(page).toHaveURL(new RegExp(`procedure=(%22)?${code.replace(/\./g, '\\.')}`));
}

async function fillApplicant(page: Page, name: string): Promise<void> {
  await page.getByLabel('Họ và tên').fill(name);
  await page.getByLabel('Số định danh cá nhân / CCCD / hộ chiếu').fill('001088012345');
  await page.getByLabel('Số điện thoại').fill('0912 345 678');
}

/** Opens a print link (a new tab) and returns that tab once loaded. */
async function openPrint(page: Page, link: RegExp): Promise<Page> {
  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: link }).click()]);
  await tab.waitForLoadState();
  await expect(tab.getByRole('button', { name: 'In trang này' })).toBeVisible();
  return tab;
}

test('the clerk receives a dossier, prints the receipt (code, appointment, PIN), and receives the next one', async ({ page }) => {
  await signIn(page, 'demo-clerk');
  await expect(page).toHaveURL(/\/reception/);
  await expect(page.getByRole('heading', { name: 'Tiếp nhận hồ sơ', level: 2 })).toBeVisible();
  await expect(page.getByText('Nhập tên hoặc mã để tìm trong')).toBeVisible();
  await expectAccessible(page, 'reception, nothing chosen');
  await shot(page, 'reception-start');

  // Diacritics optional: "bien hieu" finds "biển hiệu".
  await page.getByLabel('Tìm thủ tục theo tên hoặc mã').fill('bien hieu phuong tien');
  await expect(page.getByRole('button', { name: 'Chọn thủ tục 1.014190' })).toBeVisible();
  await expect(page).toHaveURL(/q=bien/);
  await expectAccessible(page, 'reception, procedures found');
  await shot(page, 'reception-search');
  await chooseProcedure(page, '1.014190', '1.014190');
  await expect(page.getByText('Cơ quan giải quyết: Sở Xây dựng')).toBeVisible();
  await expect(page.getByText(/Nếu tiếp nhận ngay bây giờ: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/)).toBeVisible();

  // Nothing ticked, nothing typed: the screen says what is missing before anything is sent.
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Còn thiếu 1 thành phần bắt buộc' })).toBeVisible();
  await page.getByLabel(/^Đã nộp: Đơn đề nghị cấp biển hiệu/).check();
  await expect(page.getByText('Đã đủ các thành phần bắt buộc.')).toBeVisible();
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
  await expect(page.getByText('Hãy nhập họ và tên người nộp.')).toBeVisible();
  await expect(page.getByText('Số điện thoại gồm 8 đến 20 chữ số')).toBeVisible();
  await expectAccessible(page, 'reception, validation messages');
  await shot(page, 'reception-invalid');

  await fillApplicant(page, 'Trần Thị Bích');
  await page.getByLabel('Thư điện tử (không bắt buộc)').fill('bich@example');
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
  await expect(page.getByText('Địa chỉ thư điện tử chưa đúng')).toBeVisible();
  await page.getByLabel('Thư điện tử (không bắt buộc)').fill('bich@example.vn');
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'Đã tiếp nhận hồ sơ' })).toBeVisible();
  const code = (await page.getByTestId('dossier-code').innerText()).trim();
  const appointment = (await page.getByTestId('appointment').innerText()).trim();
  const pin = (await page.getByTestId('lookup-pin').innerText()).trim();
  expect(code).toMatch(/-\d{6}-\d{4}$/);
  expect(appointment).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  expect(pin).toMatch(/^[0-9A-Za-z]{6,}$/);
  await expect(page.getByText('Mã PIN chỉ hiển thị một lần')).toBeVisible();
  await expect(page.getByRole('link', { name: code })).toHaveAttribute('href', `/dossiers/${code}`);
  await expectAccessible(page, 'reception, received');
  await shot(page, 'reception-received');

  // Form 01 in a new tab, printed by Chromium: the code, the appointment and the PIN (its first print).
  const receipt = await openPrint(page, /In giấy tiếp nhận và hẹn trả kết quả/);
  expect(receipt.url()).toContain(`/print/receipt/${code}`);
  await shot(receipt, 'receipt-form01');
  const text = await pdfText(receipt, 'receipt-form01');
  expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  expect(text).toContain(`Mã hồ sơ: ${code}`);
  expect(text).toContain(`hẹn trả kết quả vào lúc ${inWords(appointment)}`);
  expect(text).toContain(`Mã tra cứu (PIN): ${pin}`);
  expect(text).toContain('Trần Thị Bích');
  expect(text).not.toContain('In trang này');
  await receipt.close();

  // The next applicant of the queue: a fresh form, the same procedure.
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ tiếp theo' }).click();
  await expect(page.getByRole('heading', { name: /^Thủ tục: Thủ tục cấp biển hiệu/ })).toBeVisible();
  await expect(page).toHaveURL(/procedure=(%22)?1\.014190/);
  await expect(page.getByLabel('Họ và tên')).toHaveValue('');
  await expect(page.getByLabel(/^Đã nộp: Đơn đề nghị cấp biển hiệu/)).not.toBeChecked();
  await expect(page.getByRole('heading', { name: 'Đã tiếp nhận hồ sơ' })).toHaveCount(0);
  await expectAccessible(page, 'reception, next applicant');
});

test('a conditional component ticked as applying is required; the fee is collected with its receipt number', async ({ page }) => {
  await signIn(page, 'demo-clerk');
  await chooseProcedure(page, 'ly lich tu phap', 'HN-LLTP');
  await expect(page.getByText('Có điều kiện: Nếu yêu cầu cấp Phiếu cho người khác', { exact: false })).toBeVisible();
  await expect(page.getByText('Phí, lệ phí: 200.000 đ, thu khi tiếp nhận')).toBeVisible();

  await page.getByLabel(/^Đã nộp: Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp/).check();
  await expect(page.getByText('Đã đủ các thành phần bắt buộc.')).toBeVisible();
  // The authorisation applies (someone applies for another person): now it is required too.
  await page.getByLabel('Áp dụng với hồ sơ này: Văn bản ủy quyền được công chứng hoặc chứng thực').check();
  await expect(page.getByText('Còn thiếu 1 thành phần bắt buộc: Văn bản ủy quyền được công chứng hoặc chứng thực.').first()).toBeVisible();
  await fillApplicant(page, 'Lê Văn Cường');
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Văn bản ủy quyền được công chứng hoặc chứng thực' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Đã tiếp nhận hồ sơ' })).toHaveCount(0);
  await expectAccessible(page, 'reception, conditional component missing');
  await shot(page, 'reception-conditional-missing');

  await page.getByLabel('Đã nộp: Văn bản ủy quyền được công chứng hoặc chứng thực').check();
  await expect(page.getByLabel('Số tiền (đồng)')).toHaveValue('200000');
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
  await expect(page.getByText('Hãy nhập số biên lai')).toBeVisible();
  await page.getByLabel('Số biên lai thu phí').fill('AA/26E-0000123');
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Đã tiếp nhận hồ sơ' })).toBeVisible();
  const code = (await page.getByTestId('dossier-code').innerText()).trim();

  // The receipt lists the authorisation among what was received, and the fee.
  const receipt = await openPrint(page, /In giấy tiếp nhận và hẹn trả kết quả/);
  const text = await pdfText(receipt, 'receipt-conditional');
  expect(text).toContain(`Mã hồ sơ: ${code}`);
  expect(text).toContain('Văn bản ủy quyền được công chứng hoặc chứng thực');
  expect(text).toContain('Phí, lệ phí');
  await receipt.close();
});

test('guidance to complete (Form 02) lists what is missing, printed', async ({ page }) => {
  await signIn(page, 'demo-clerk');
  await chooseProcedure(page, 'HN-LLTP', 'HN-LLTP');
  await fillApplicant(page, 'Phạm Thị Dung');
  await page.getByRole('button', { name: 'Hướng dẫn bổ sung (Mẫu 02)' }).click();
  await expect(page.getByRole('heading', { name: 'Đã lập phiếu hướng dẫn hoàn thiện hồ sơ' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp' })).toBeVisible();
  await expectAccessible(page, 'reception, guidance recorded');
  await shot(page, 'reception-guidance');
  const form = await openPrint(page, /In phiếu hướng dẫn \(Mẫu 02\)/);
  const text = await pdfText(form, 'guidance-form02');
  expect(text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
  expect(text).toContain('Phạm Thị Dung');
  expect(text).toContain('Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp');
  await form.close();
});

test('a refusal at reception, with its reason, printed (Form 03)', async ({ page }) => {
  await signIn(page, 'demo-clerk');
  await chooseProcedure(page, '1.014190', '1.014190');
  await fillApplicant(page, 'Hoàng Văn Em');
  await page.getByRole('button', { name: 'Từ chối tiếp nhận (Mẫu 03)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Từ chối tiếp nhận hồ sơ (Mẫu 03)' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Từ chối và lập Mẫu 03' }).click();
  await expect(dialog.getByText('Hãy ghi lý do từ chối.')).toBeVisible();
  await expectAccessible(page, 'reception, refusal dialog');
  await shot(page, 'reception-refusal-dialog');
  const reason = 'Phương tiện không thuộc diện được cấp biển hiệu theo quy định.';
  await dialog.getByLabel('Lý do từ chối').fill(reason);
  await dialog.getByRole('button', { name: 'Từ chối và lập Mẫu 03' }).click();
  await expect(page.getByRole('heading', { name: 'Đã lập phiếu từ chối tiếp nhận hồ sơ' })).toBeVisible();
  await expect(page.getByText(reason)).toBeVisible();
  await expectAccessible(page, 'reception, refusal recorded');
  await shot(page, 'reception-refused');
  const form = await openPrint(page, /In phiếu từ chối \(Mẫu 03\)/);
  const text = await pdfText(form, 'refusal-form03');
  expect(text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
  expect(text).toContain('Hoàng Văn Em');
  expect(text).toContain(reason);
  await form.close();
  // Then the next applicant.
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ tiếp theo' }).click();
  await expect(page.getByLabel('Họ và tên')).toHaveValue('');
});

test('a dossier found by its code opens its page; an unknown code is said in words', async ({ page, baseURL }) => {
  const clerk = await apiAs(baseURL!, 'demo-clerk');
  const { code } = await receiveDossier(clerk, 'Vũ Thị Giang');
  await clerk.dispose();
  await signIn(page, 'demo-clerk');
  await page.getByLabel('Mã hồ sơ').fill('KHONG-CO-HO-SO-NAY-1');
  await page.getByRole('button', { name: 'Mở hồ sơ' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Không có hồ sơ mang mã KHONG-CO-HO-SO-NAY-1' })).toBeVisible();
  await expectAccessible(page, 'reception, unknown dossier code');
  await shot(page, 'reception-unknown-code');
  await page.getByLabel('Mã hồ sơ').fill(code);
  await page.getByRole('button', { name: 'Mở hồ sơ' }).click();
  await expect(page).toHaveURL(new RegExp(`/dossiers/${code.replace(/\./g, '\\.')}$`));
});
