import { expect, test } from '@playwright/test';
import { submitSignIn } from './support/accounts';
import { apiAs, receiveDossier } from './support/api';
import { expectAccessible } from './support/axe';
import { hanoiToday } from '../../console/src/format';

/** A civil date in Hanoi, `days` after today. */
const hanoiDay = (days = 0) => hanoiToday(new Date(Date.now() + days * 86_400_000));

/**
 * The header's switcher (issue 11 item 1): a person with two assignments changes what they act as, and lands on
 * that role's home; under a colleague's delegation they act on the colleague's behalf, and the dossier's timeline
 * says so by name.
 */
test('one person, two assignments and a delegation: the switcher changes the role acted as, and the timeline names on whose behalf', async ({ page, baseURL }) => {
  const run = Date.now().toString(36);
  const admin = await apiAs(baseURL!, 'demo-admin');
  const password = 'hai-vai-tro-mat-khau-2026';
  const me = await admin.post<{ id: string }>('/api/v1/staff', { username: `two-roles-${run}`, name: 'Đặng Văn Minh', password });
  await admin.post(`/api/v1/staff/${me.id}/assignments`, { role: 'clerk', unitId: 'branch-cau-giay-thanh-xuan', kind: 'home', from: hanoiDay(), reason: 'Cán bộ một cửa (kiểm thử)' });
  await admin.post(`/api/v1/staff/${me.id}/assignments`, { role: 'leader', unitId: 'dept-construction', kind: 'acting', from: hanoiDay(), reason: 'Quyền lãnh đạo (kiểm thử)' });
  const away = await admin.post<{ id: string }>('/api/v1/staff', { username: `away-${run}`, name: 'Lương Thị Hạnh' });
  await admin.post(`/api/v1/staff/${away.id}/assignments`, { role: 'officer', unitId: 'dept-construction', kind: 'home', from: hanoiDay(), reason: 'Chuyên viên (kiểm thử)' });
  await admin.post(`/api/v1/staff/${away.id}/delegations`, { to: me.id, from: hanoiDay(), until: hanoiDay(3), reason: 'Nghỉ phép (kiểm thử)' });
  await admin.dispose();
  const clerk = await apiAs(baseURL!, 'demo-clerk');
  const { code } = await receiveDossier(clerk, 'Bùi Thị Nga');
  await clerk.dispose();

  await submitSignIn(page, `two-roles-${run}`, password);
  const switcher = page.getByLabel('Vai trò đang dùng');
  await expect(switcher).toBeVisible();
  const options = switcher.locator('option');
  await expect(options).toHaveCount(3);
  await expect(options.nth(0)).toHaveText('Cán bộ một cửa — Chi nhánh Cầu Giấy – Thanh Xuân');
  await expect(options.nth(1)).toHaveText('Lãnh đạo — Sở Xây dựng');
  await expect(options.nth(2)).toHaveText('Chuyên viên — Sở Xây dựng (thay mặt Lương Thị Hạnh)');
  await expectAccessible(page, 'the shell with three choices');

  // As the leader: the leader's home and screens.
  await switcher.selectOption({ label: 'Lãnh đạo — Sở Xây dựng' });
  await expect(page).toHaveURL(/\/leader/);
  await expect(page.getByRole('link', { name: 'Lãnh đạo', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Tiếp nhận', exact: true })).toHaveCount(0);

  // On the absent officer's behalf: claim a dossier; the timeline names both.
  await switcher.selectOption({ label: 'Chuyên viên — Sở Xây dựng (thay mặt Lương Thị Hạnh)' });
  await expect(page).toHaveURL(/\/inbox/);
  await page.goto(`/dossiers/${code}`);
  await page.getByRole('button', { name: 'Nhận xử lý', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Nhận xử lý', exact: true }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const claim = page.getByRole('table', { name: /Mọi sự kiện của hồ sơ/ }).getByRole('row').filter({ hasText: 'Nhận xử lý' });
  await expect(claim).toContainText('Đặng Văn Minh');
  await expect(claim).toContainText('Lương Thị Hạnh');

  // Back to the counter: the clerk's home, and the choice survives a reload (it is the session's).
  await switcher.selectOption({ label: 'Cán bộ một cửa — Chi nhánh Cầu Giấy – Thanh Xuân' });
  await expect(page).toHaveURL(/\/reception/);
  await page.reload();
  await expect(page.getByLabel('Vai trò đang dùng')).toHaveValue(/^clerk\|branch-cau-giay-thanh-xuan\|$/);
});
