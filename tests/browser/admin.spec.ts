import { expect, test, type Page } from '@playwright/test';
import { signIn, submitSignIn } from './support/accounts';
import { DEMO_PROCEDURE } from './support/api';
import { expectAccessible } from './support/axe';

const shot = (page: Page, name: string) => page.screenshot({ path: `tests/browser/.output/shots/${name}.png`, fullPage: true });

test('the admin creates an officer of Sở Xây dựng with a password, and that person signs in and lands on the inbox', async ({ page, browser }) => {
  await signIn(page, 'demo-admin');
  await expect(page).toHaveURL(/\/admin/);
  await page.getByRole('tab', { name: 'Cán bộ và phân công' }).click();
  await expect(page).toHaveURL(/tab=staff/);
  await expect(page.getByRole('table', { name: /Cán bộ \(số người/ })).toBeVisible();
  await expectAccessible(page, 'the admin staff tab');
  await shot(page, 'admin-staff');

  const username = `e2e-officer-${Date.now().toString(36)}`;
  const password = 'xay-dung-mat-khau-2026';
  await page.getByRole('button', { name: 'Thêm cán bộ' }).click();
  const form = page.getByRole('region', { name: 'Thêm cán bộ mới' });
  // The form says what is missing, in words, before anything is sent.
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(form.getByText('Nhập họ và tên.')).toBeVisible();
  await expect(form.getByText('Đặt mật khẩu ban đầu để người này đăng nhập được.')).toBeVisible();

  // A username already taken: the API's refusal is shown in words.
  await form.getByLabel('Tên đăng nhập').fill('demo-officer');
  await form.getByLabel('Họ và tên').fill('Trần Thị Xây Dựng');
  await form.getByLabel('Mật khẩu ban đầu').fill(password);
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(form.getByRole('alert')).toContainText('The username demo-officer is taken.');
  await expect(form.getByRole('alert')).toContainText('Không thực hiện được');
  await form.getByLabel('Tên đăng nhập').fill(username);
  await form.getByLabel('Vai trò').selectOption('officer');
  await form.getByLabel('Đơn vị').selectOption('dept-construction');
  await form.getByLabel('Căn cứ, lý do').fill('Quyết định tiếp nhận chuyên viên (kiểm thử)');
  await expectAccessible(page, 'the new staff member form');
  await shot(page, 'admin-staff-create');
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();

  const detail = page.getByRole('region', { name: 'Cán bộ: Trần Thị Xây Dựng' });
  await expect(detail).toBeVisible();
  await expect(page).toHaveURL(/staff=/);
  const assignments = detail.getByRole('table', { name: 'Các phân công của Trần Thị Xây Dựng' });
  await expect(assignments.getByRole('row', { name: /Chuyên viên.*Sở Xây dựng/ })).toBeVisible();
  await expectAccessible(page, 'a staff member’s record');
  await shot(page, 'admin-staff-detail');

  // The new person signs in with the password set in the form, and works as an officer of the department.
  const theirs = await browser.newContext();
  const them = await theirs.newPage();
  await submitSignIn(them, username, password);
  await expect(them).toHaveURL(/\/inbox/);
  await expect(them.getByLabel('Vai trò đang dùng')).toHaveValue(/^officer\|dept-construction/);
  await theirs.close();
});

test('the admin sees the proposed years flagged, and loads a notice for one through the form: then it is official', async ({ page }) => {
  await signIn(page, 'demo-admin');
  await page.goto('/admin?tab=calendar');
  const years = page.getByRole('table', { name: 'Các năm của lịch ngày nghỉ' });
  await expect(years).toBeVisible();
  // The years after the last official one are proposed from the Labour Code, and say so.
  const provisional = years.getByRole('row').filter({ hasText: 'Tạm tính' });
  await expect(provisional.first()).toBeVisible();
  await expect(page.getByText(/Lịch năm \d{4} đang tạm tính/).first()).toBeVisible();
  await expectAccessible(page, 'the admin calendar tab');
  await shot(page, 'admin-calendar');

  // The last proposed year: no other scenario counts days that far ahead.
  const year = Number(await provisional.last().getByRole('rowheader').innerText());
  await page.getByRole('button', { name: `Xem ngày nghỉ năm ${year}` }).click();
  await expect(page).toHaveURL(new RegExp(`year=${year}`));
  const detail = page.getByRole('region', { name: `Ngày nghỉ năm ${year}` });
  await expect(detail.getByRole('table', { name: new RegExp(`Các ngày nghỉ năm ${year}`) })).toBeVisible();
  await detail.getByRole('button', { name: `Nạp thông báo cho năm ${year}` }).click();

  const form = detail.getByRole('form', { name: `Nạp thông báo ngày nghỉ năm ${year}` });
  // The rows start as the year's proposed days off.
  const daysOff = form.getByRole('group', { name: 'Ngày nghỉ' }).locator('input[type="date"]');
  await expect(daysOff.first()).not.toHaveValue('');
  const n = (await daysOff.count()) + 1;
  const dateOf = (i: number) => form.getByLabel(new RegExp(`^Ngày nghỉ ${i}(?!\\d)`));
  // A day off from another year and no source: refused here, in words.
  await form.getByRole('button', { name: 'Thêm ngày nghỉ' }).click();
  await dateOf(n).fill(`${year - 1}-08-19`);
  await form.getByLabel(new RegExp(`^Tên ngày nghỉ ${n}(?!\\d)`)).fill('Ngày nghỉ thêm (kiểm thử)');
  await form.getByRole('button', { name: `Nạp thông báo năm ${year}` }).click();
  await expect(form.getByText(`Ngày phải thuộc năm ${year}.`)).toBeVisible();
  await expect(form.getByText('Nhập căn cứ của thông báo.').first()).toBeVisible();
  await shot(page, 'admin-calendar-form-errors');

  await dateOf(n).fill(`${year}-08-19`);
  await form.getByRole('button', { name: 'Thêm ngày làm bù' }).click();
  await form.getByLabel(/^Ngày làm bù 1(?!\d)/).fill(`${year}-01-08`);
  await form.getByLabel(/^Lý do làm bù 1(?!\d)/).fill('Làm bù cho ngày nghỉ thêm (kiểm thử)');
  await form.getByLabel('Căn cứ (số, ngày của thông báo)').fill(`Thông báo kiểm thử về nghỉ lễ, Tết năm ${year}`);
  await expectAccessible(page, 'the notice form');
  await form.getByRole('button', { name: `Nạp thông báo năm ${year}` }).click();

  // The API's answer: official now, the new day off, and the open dossiers told of it.
  const answer = page.getByRole('status').filter({ hasText: `Đã nạp lịch năm ${year}: nay là lịch chính thức` });
  await expect(answer).toBeVisible();
  await expect(answer).toContainText('Trước khi nạp, lịch năm này: Tạm tính.');
  await expect(answer).toContainText(`19/08/${year}`);
  await expect(answer).toContainText('đang được cập nhật hạn trong nền');
  await expect(years.getByRole('row', { name: new RegExp(`^${year}\\b`) })).toContainText('Chính thức');
  await expect(detail.getByRole('row', { name: /19\/08/ })).toContainText('Ngày nghỉ thêm (kiểm thử)');
  await expect(detail).toContainText(`08/01/${year}`);
  await expectAccessible(page, 'the calendar after a load');
  await shot(page, 'admin-calendar-loaded');
});

test('the admin filters the units and reads one unit’s versions over time', async ({ page }) => {
  await signIn(page, 'demo-admin');
  await page.getByRole('tab', { name: 'Đơn vị' }).click();
  await page.getByLabel('Loại đơn vị').selectOption('department');
  await expect(page).toHaveURL(/kind=department/);
  const units = page.getByRole('table', { name: /Đơn vị hoạt động ngày/ });
  await expect(units.getByRole('row', { name: /Sở Xây dựng/ })).toBeVisible();
  await expect(units.getByRole('row', { name: /Chi nhánh/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Lịch sử của Sở Xây dựng' }).click();
  await expect(page).toHaveURL(/unit=dept-construction/);
  const detail = page.getByRole('region', { name: 'Đơn vị: Sở Xây dựng' });
  await expect(detail.getByRole('table', { name: 'Các phiên bản của đơn vị dept-construction theo thời gian' })).toContainText('Sở Xây dựng');
  // A rename without a reason is refused in words before it is sent.
  await detail.getByLabel('Tên mới').fill('Sở Xây dựng Hà Nội');
  await detail.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(detail.getByText('Nhập căn cứ hoặc lý do.')).toBeVisible();
  await expectAccessible(page, 'the admin units tab');
  await shot(page, 'admin-units');
  // The URL is the view: opened afresh, it shows the same unit.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Đơn vị: Sở Xây dựng' })).toBeVisible();
  await expect(page.getByLabel('Loại đơn vị')).toHaveValue('department');
});

test('the admin changes the procedures a branch receives, and restores them', async ({ page }) => {
  await signIn(page, 'demo-admin');
  await page.getByRole('tab', { name: 'Thủ tục tiếp nhận tại chi nhánh' }).click();
  // Not the demo clerk's branch: the reception scenarios receive there.
  await page.getByLabel('Chi nhánh', { exact: true }).selectOption('branch-tay-ho');
  await expect(page).toHaveURL(/branch=branch-tay-ho/);
  const region = page.getByRole('region', { name: 'Thủ tục tiếp nhận tại Chi nhánh Tây Hồ' });
  const received = region.getByRole('table', { name: /Thủ tục tiếp nhận tại Chi nhánh Tây Hồ hôm nay/ });
  await expect(received.getByRole('row', { name: new RegExp(DEMO_PROCEDURE.code.replace('.', '\\.')) })).toBeVisible();
  await expectAccessible(page, 'the admin branches tab');
  await shot(page, 'admin-branches');

  await region.getByRole('button', { name: 'Thay đổi danh sách' }).click();
  await region.getByRole('radio', { name: 'Chỉ các thủ tục được chọn' }).check();
  await region.getByLabel('Lọc theo tên hoặc mã thủ tục').fill(DEMO_PROCEDURE.code);
  await region.getByRole('checkbox', { name: new RegExp(`Tiếp nhận thủ tục ${DEMO_PROCEDURE.code.replace('.', '\\.')}`) }).uncheck();
  await region.getByLabel('Căn cứ, lý do').fill('Chi nhánh tạm dừng tiếp nhận thủ tục này (kiểm thử)');
  await expectAccessible(page, 'the branch list form');
  await shot(page, 'admin-branches-form');
  await region.getByRole('button', { name: 'Lưu danh sách' }).click();
  await expect(region.getByRole('status').filter({ hasText: 'Đã lưu danh sách thủ tục của chi nhánh' })).toBeVisible();
  await expect(region.getByText(/chỉ tiếp nhận các thủ tục đã chọn/)).toBeVisible();
  await expect(received.getByRole('row', { name: new RegExp(DEMO_PROCEDURE.code.replace('.', '\\.')) })).toHaveCount(0);
  await shot(page, 'admin-branches-changed');

  await region.getByRole('button', { name: 'Thay đổi danh sách' }).click();
  await region.getByRole('radio', { name: 'Mọi thủ tục trong danh mục' }).check();
  await region.getByLabel('Căn cứ, lý do').fill('Tiếp nhận lại mọi thủ tục (kiểm thử)');
  await region.getByRole('button', { name: 'Lưu danh sách' }).click();
  await expect(region.getByText(/tiếp nhận mọi thủ tục trong danh mục/)).toBeVisible();
  await expect(received.getByRole('row', { name: new RegExp(DEMO_PROCEDURE.code.replace('.', '\\.')) })).toBeVisible();
});
