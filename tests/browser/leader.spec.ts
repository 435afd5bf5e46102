import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/accounts';
import { apiAs, receiveDossier, type StaffApi } from './support/api';
import { expectAccessible } from './support/axe';
import { hanoiToday } from '../../console/src/format';

/**
 * The leader's screen (issue 11, item 4): the unit's dossiers awaiting approval, approved or sent back from the
 * list; its open dossiers with their assignees; bulk reassignment to another officer of the unit and bulk
 * release to the unit's queue, with each dossier's result in words. Set-up through the API (dossiers received by
 * the demo clerk, claimed and submitted by the demo officer, a second officer created by the admin); what is
 * tested goes through the screens. The system is shared with the other scenarios: every dossier here is found by
 * its code, and the open list is narrowed to this run's applicants by the text filter.
 */
const run = Date.now().toString(36).slice(-5);
const APPLICANT = `Lê Văn Phân ${run}`;
const OFFICER_NAME = `Trần Thị Bình ${run}`;

/** A full-page picture from the top (the shell's header is fixed: scrolled, it would land mid-page). */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: `tests/browser/.output/shots/${name}.png`, fullPage: true });
}

/** A dossier of the demo officer's department, received and delivered to it (status transferred). */
async function delivered(clerk: StaffApi, officer: StaffApi, applicant = APPLICANT): Promise<string> {
  const { code } = await receiveDossier(clerk, applicant);
  await expect.poll(async () => (await officer.get<{ status: string }>(`/api/v1/dossiers/${encodeURIComponent(code)}`)).status).toBe('transferred');
  return code;
}

async function claimed(clerk: StaffApi, officer: StaffApi, applicant = APPLICANT): Promise<string> {
  const code = await delivered(clerk, officer, applicant);
  await officer.post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/claim`);
  return code;
}

async function submitted(clerk: StaffApi, officer: StaffApi): Promise<string> {
  const code = await claimed(clerk, officer, `Phạm Thị Duyệt ${run}`);
  await officer.post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/submit`, { outcome: 'approved', summary: 'Đủ điều kiện cấp phép.' });
  return code;
}

const row = (page: Page, caption: RegExp | string, code: string) => page.getByRole('table', { name: caption }).locator(`tr[data-code="${code}"]`);

test('the leader bulk-reassigns two dossiers to another officer, sees each result, then releases one to the queue', async ({ page, baseURL }) => {
  const [clerk, officer, admin] = await Promise.all([apiAs(baseURL!, 'demo-clerk'), apiAs(baseURL!, 'demo-officer'), apiAs(baseURL!, 'demo-admin')]);
  // Set-up: a second officer of Sở Xây dựng, three dossiers claimed by the demo officer, one not claimed yet.
  const colleague = await admin.post<{ id: string }>('/api/v1/staff', { username: `officer-${run}`, name: OFFICER_NAME });
  await admin.post(`/api/v1/staff/${colleague.id}/assignments`, { role: 'officer', unitId: 'dept-construction', kind: 'home', from: hanoiToday(), reason: 'Kiểm thử màn hình lãnh đạo' });
  const [a, b, c] = [await claimed(clerk, officer), await claimed(clerk, officer), await claimed(clerk, officer)];
  const unclaimed = await delivered(clerk, officer);
  await Promise.all([clerk.dispose(), officer.dispose(), admin.dispose()]);

  await signIn(page, 'demo-leader');
  await expect(page).toHaveURL(/\/leader$/);
  await expect(page.getByRole('heading', { name: 'Lãnh đạo', level: 2 })).toBeVisible();
  await page.getByRole('tab', { name: 'Hồ sơ đang giải quyết' }).click();
  await expect(page).toHaveURL(/tab=open/);
  // The open list, narrowed to this run's dossiers through the URL's text filter.
  await page.getByLabel('Tìm theo mã hồ sơ, người nộp, thủ tục').fill(run);
  await expect(page).toHaveURL(new RegExp(`q=${run}`));
  const caption = 'Hồ sơ đang giải quyết của đơn vị, quá hạn trước';
  for (const code of [a, b, c]) await expect(row(page, caption, code)).toContainText('Demo officer (Sở Xây dựng)');
  await expect(row(page, caption, unclaimed)).toContainText('Chưa phân công');
  await expect(page.getByText('Chọn hồ sơ trong bảng')).toBeVisible();
  await shot(page, 'leader-open');
  await expectAccessible(page, 'the leader’s open dossiers');

  // "Select all on this page" selects the four; two are kept.
  await page.getByRole('checkbox', { name: 'Chọn tất cả hồ sơ trên trang này' }).check();
  await expect(page.getByText('Đã chọn 4 hồ sơ')).toBeVisible();
  await page.getByRole('checkbox', { name: `Chọn hồ sơ ${c}` }).uncheck();
  await page.getByRole('checkbox', { name: `Chọn hồ sơ ${unclaimed}` }).uncheck();
  await expect(page.getByText('Đã chọn 2 hồ sơ')).toBeVisible();
  const reassign = page.getByRole('button', { name: 'Chuyển xử lý 2 hồ sơ' });
  // Without an officer chosen, nothing is sent and the screen says why.
  await page.getByLabel('Lý do').fill('Chuyên viên nghỉ phép, chia lại việc');
  await reassign.click();
  await expect(page.getByRole('alert').filter({ hasText: 'Hãy chọn chuyên viên nhận hồ sơ.' })).toBeVisible();
  await page.getByLabel('Chuyển cho chuyên viên').selectOption({ label: `${OFFICER_NAME} (0 hồ sơ)` });
  await shot(page, 'leader-selected');
  await expectAccessible(page, 'the leader’s selection, ready to reassign');
  await reassign.click();

  const results = page.getByRole('table', { name: 'Kết quả của từng hồ sơ' });
  await expect(page.getByRole('heading', { name: `Kết quả chuyển xử lý cho ${OFFICER_NAME}` })).toBeVisible();
  await expect(page.getByText('2 hồ sơ thành công, 0 hồ sơ không thành công.')).toBeVisible();
  await expect(results.locator(`tr[data-code="${a}"]`)).toContainText('Thành công');
  await expect(results.locator(`tr[data-code="${b}"]`)).toContainText('Thành công');
  // The list, refreshed, shows the new assignee; the third dossier stays with the demo officer.
  await expect(row(page, caption, a)).toContainText(OFFICER_NAME);
  await expect(row(page, caption, b)).toContainText(OFFICER_NAME);
  await expect(row(page, caption, c)).toContainText('Demo officer (Sở Xây dựng)');
  await expect(page.getByText('Đã chọn 0 hồ sơ')).toBeVisible();
  await shot(page, 'leader-reassigned');
  await expectAccessible(page, 'the per-dossier results of a bulk reassignment');

  // The new officer's filter, from the URL: exactly the two reassigned dossiers of this run.
  await page.getByLabel('Người xử lý').selectOption({ label: OFFICER_NAME });
  await expect(page).toHaveURL(new RegExp(`assignee=${colleague.id}`));
  await expect(page.getByRole('table', { name: caption }).locator('tbody tr[data-code]')).toHaveCount(2);
  await page.getByLabel('Người xử lý').selectOption({ label: 'Tất cả mọi người' });

  // Release: the reassigned dossier goes back to the unit's queue; the unclaimed one cannot, and says why.
  await page.getByRole('checkbox', { name: `Chọn hồ sơ ${b}` }).check();
  await page.getByRole('checkbox', { name: `Chọn hồ sơ ${unclaimed}` }).check();
  await page.getByLabel('Lý do').fill('Trả về hàng chờ để chuyên viên khác nhận');
  await page.getByRole('button', { name: 'Trả 2 hồ sơ về hàng chờ' }).click();
  await expect(page.getByRole('heading', { name: 'Kết quả trả hồ sơ về hàng chờ' })).toBeVisible();
  await expect(page.getByText('1 hồ sơ thành công, 1 hồ sơ không thành công.')).toBeVisible();
  await expect(results.locator(`tr[data-code="${b}"]`)).toContainText('Thành công');
  const refused = results.locator(`tr[data-code="${unclaimed}"]`);
  await expect(refused).toContainText('Không thành công');
  await expect(refused).toContainText('Hồ sơ đang ở trạng thái không cho phép thao tác này.');
  await expect(row(page, caption, b)).toContainText('Chưa phân công');
  // What failed stays selected, to look into.
  await expect(page.getByText('Đã chọn 1 hồ sơ')).toBeVisible();
  await shot(page, 'leader-released');
  await expectAccessible(page, 'the per-dossier results of a bulk release, one refused');

  // The dossier's own page names its new assignee.
  await page.getByRole('table', { name: caption }).getByRole('link', { name: a }).click();
  await expect(page).toHaveURL(new RegExp(`/dossiers/${encodeURIComponent(a)}$`));
});

test('the leader approves a dossier and sends another back, from the list awaiting approval', async ({ page, baseURL }) => {
  const [clerk, officer] = await Promise.all([apiAs(baseURL!, 'demo-clerk'), apiAs(baseURL!, 'demo-officer')]);
  const approved = await submitted(clerk, officer);
  const sentBack = await submitted(clerk, officer);
  await Promise.all([clerk.dispose(), officer.dispose()]);

  await signIn(page, 'demo-leader');
  await expect(page).toHaveURL(/\/leader$/);
  const caption = 'Hồ sơ của đơn vị đang chờ lãnh đạo phê duyệt';
  await expect(row(page, caption, approved)).toContainText('Demo officer (Sở Xây dựng)');
  await expect(row(page, caption, approved)).toContainText('Giải quyết');
  await expect(row(page, caption, sentBack)).toBeVisible();
  await shot(page, 'leader-approvals');
  await expectAccessible(page, 'the dossiers awaiting approval');

  await page.getByRole('button', { name: `Phê duyệt hồ sơ ${approved}` }).click();
  const dialog = page.getByRole('dialog', { name: `Phê duyệt hồ sơ ${approved}` });
  await dialog.getByLabel('Ý kiến phê duyệt (không bắt buộc)').fill('Đồng ý cấp phép.');
  await shot(page, 'leader-approve-dialog');
  await expectAccessible(page, 'the approval dialog');
  await dialog.getByRole('button', { name: 'Xác nhận phê duyệt' }).click();
  await expect(page.getByText(`Đã phê duyệt hồ sơ ${approved}: kết quả sẵn sàng để trả.`)).toBeVisible();
  await expect(row(page, caption, approved)).toHaveCount(0);

  // Sending back needs a reason: without one, nothing is sent.
  await page.getByRole('button', { name: `Trả lại hồ sơ ${sentBack} cho chuyên viên` }).click();
  const back = page.getByRole('dialog', { name: `Trả lại hồ sơ ${sentBack} cho chuyên viên xử lý lại` });
  await back.getByRole('button', { name: 'Xác nhận trả lại' }).click();
  await expect(back.getByText('Hãy ghi lý do.')).toBeVisible();
  await shot(page, 'leader-send-back-dialog');
  await expectAccessible(page, 'the send-back dialog with its error');
  await back.getByLabel('Lý do trả lại').fill('Thiếu bản vẽ mặt bằng, đề nghị rà soát lại.');
  await back.getByRole('button', { name: 'Xác nhận trả lại' }).click();
  await expect(page.getByText(`Đã trả lại hồ sơ ${sentBack} cho chuyên viên.`)).toBeVisible();
  await expect(row(page, caption, sentBack)).toHaveCount(0);

  // The one sent back is open again with its officer; the approved one is not open any more.
  await page.getByRole('tab', { name: 'Hồ sơ đang giải quyết' }).click();
  await page.getByLabel('Tìm theo mã hồ sơ, người nộp, thủ tục').fill(run);
  const open = 'Hồ sơ đang giải quyết của đơn vị, quá hạn trước';
  await expect(row(page, open, sentBack)).toContainText('Demo officer (Sở Xây dựng)');
  await expect(row(page, open, approved)).toHaveCount(0);
  await shot(page, 'leader-after-decisions');
});
