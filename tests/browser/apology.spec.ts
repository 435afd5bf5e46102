import { expect, test } from '@playwright/test';
import { signIn } from './support/accounts';
import { apiAs, DEMO_PROCEDURE } from './support/api';
import { expectAccessible } from './support/axe';

const DAY = 24 * 3600 * 1000;

/**
 * The leader's apology (issue 11 item 4, Form 04): an overdue dossier (imported as received six weeks ago, as a
 * previous system's dossier would come) gets a new appointment from its page, and the letter prints.
 */
test('the leader apologises for an overdue dossier with a new appointment, and Form 04 prints with it', async ({ page, baseURL }) => {
  const admin = await apiAs(baseURL!, 'demo-admin');
  const code = `XL-${Date.now()}`;
  await admin.post('/api/v1/dossiers/import', {
    procedureCode: DEMO_PROCEDURE.code,
    applicant: { fullName: 'Phan Thị Hoa', idNumber: '001088099999', phone: '0911222333' },
    documents: [{ code: DEMO_PROCEDURE.component }],
    receivingBranchId: 'branch-cau-giay-thanh-xuan',
    receivedAt: new Date(Date.now() - 42 * DAY).toISOString(),
    code,
  });
  // A working morning three working days from now, by the center's own calendar: 09:00 of that day.
  const { dueAt } = await admin.get<{ dueAt: string }>(`/api/v1/calendar/due-date?receivedAt=${encodeURIComponent(new Date().toISOString())}&workingDays=3`);
  await admin.dispose();
  const day = dueAt.slice(0, 10);
  const [y, m, d] = day.split('-');

  await signIn(page, 'demo-leader');
  await page.goto(`/dossiers/${code}`);
  await expect(page.getByRole('heading', { name: `Hồ sơ ${code}` })).toBeVisible();
  await expect(page.locator('main').getByText('quá hạn').first()).toBeVisible();
  await page.getByRole('button', { name: 'Xin lỗi, hẹn lại', exact: true }).click();
  const dialog = page.getByRole('dialog');
  // Nothing filled: said in words, nothing sent.
  await dialog.getByRole('button', { name: 'Ghi nhận thư xin lỗi', exact: true }).click();
  await expect(dialog.getByText('Bắt buộc nhập').first()).toBeVisible();
  await dialog.getByLabel('Ngày giờ hẹn mới').fill(`${day}T09:00`);
  await dialog.getByLabel('Lý do').fill('Hồ sơ chuyển từ hệ thống cũ bị chậm do phải xác minh thêm.');
  await expectAccessible(page, 'the apology form');
  await dialog.getByRole('button', { name: 'Ghi nhận thư xin lỗi', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(`${d}/${m}/${y} 09:00`).first()).toBeVisible();

  const [letter] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: 'In thư xin lỗi và hẹn lại ngày trả (Mẫu 04)' }).click()]);
  await letter.waitForLoadState();
  await expect(letter.getByText(code).first()).toBeVisible();
  await expect(letter.getByText(/09 giờ 00 phút, ngày \d{2} tháng \d{2} năm \d{4}/).first()).toBeVisible();
  await letter.close();
  await expectAccessible(page, 'the dossier page after the apology');
});
