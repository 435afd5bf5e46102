import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/accounts';
import { apiAs, receiveDossier, type StaffApi } from './support/api';
import { expectAccessible } from './support/axe';

const SHOTS = 'tests/browser/.output/shots';

/** Set-up: a dossier received by the demo clerk, once the system has transferred it to the department. */
async function transferredDossier(baseURL: string, applicant: string): Promise<string> {
  const clerk = await apiAs(baseURL, 'demo-clerk');
  const { code } = await receiveDossier(clerk, applicant);
  await clerk.dispose();
  const officer = await apiAs(baseURL, 'demo-officer');
  await expect.poll(async () => (await officer.get<{ status: string }>(`/api/v1/dossiers/${code}`)).status).toBe('transferred');
  await officer.dispose();
  return code;
}

const row = (page: Page, code: string) => page.locator(`tr[data-code="${code}"]`);

test('the officer finds a new dossier under "unassigned", claims it from the row, and it moves to "mine"', async ({ page, baseURL }) => {
  const code = await transferredDossier(baseURL!, 'Trần Thị Bình');
  await signIn(page, 'demo-officer');
  await expect(page).toHaveURL(/\/inbox/);
  await expect(page.getByRole('heading', { name: 'Hồ sơ cần xử lý' })).toBeVisible();
  await page.getByRole('tab', { name: 'Chưa ai nhận' }).click();
  await expect(page).toHaveURL(/tab=unassigned/);
  await expect(row(page, code)).toContainText('Trần Thị Bình');
  await expect(row(page, code)).toContainText('Đã chuyển cơ quan giải quyết');
  await expect(row(page, code).getByRole('cell').nth(5)).toHaveText('Chưa giao');
  await expectAccessible(page, 'the inbox, unassigned');
  await page.screenshot({ path: `${SHOTS}/inbox-unassigned.png`, fullPage: true });

  await row(page, code).getByRole('button', { name: `Nhận xử lý hồ sơ ${code}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Đã nhận xử lý hồ sơ ${code}` })).toBeVisible();
  await expect(row(page, code)).toHaveCount(0);

  await page.getByRole('tab', { name: 'Của tôi' }).click();
  await expect(page).toHaveURL(/tab=mine/);
  await expect(row(page, code)).toContainText('Đang giải quyết');
  await expect(row(page, code).getByRole('cell').nth(5)).toHaveText('Tôi');
  await page.screenshot({ path: `${SHOTS}/inbox-mine.png`, fullPage: true });
});

test('a claim that someone else made first is told in words, and the list refreshes', async ({ page, baseURL }) => {
  const code = await transferredDossier(baseURL!, 'Lê Văn Cường');
  await signIn(page, 'demo-officer');
  await page.goto('/inbox?tab=unassigned');
  await expect(row(page, code)).toBeVisible();
  // Meanwhile, from another desk (the same department's queue): claimed through the API.
  const elsewhere: StaffApi = await apiAs(baseURL!, 'demo-officer');
  await elsewhere.post(`/api/v1/dossiers/${code}/actions/claim`, {});
  await elsewhere.dispose();
  await row(page, code).getByRole('button', { name: `Nhận xử lý hồ sơ ${code}` }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`Hồ sơ ${code} vừa được người khác nhận xử lý trước`);
  await expect(row(page, code)).toHaveCount(0);
  await expectAccessible(page, 'the inbox with a claim refused');
  await page.screenshot({ path: `${SHOTS}/inbox-claim-conflict.png`, fullPage: true });
});

test('filters live in the URL and survive a reload; the code opens the dossier page with its timeline', async ({ page, baseURL }) => {
  const code = await transferredDossier(baseURL!, 'Phạm Thu Dung');
  const officer = await apiAs(baseURL!, 'demo-officer');
  await officer.post(`/api/v1/dossiers/${code}/actions/claim`, {});
  await officer.dispose();
  await signIn(page, 'demo-officer');
  await page.goto('/inbox?tab=all');
  await page.getByLabel('Trạng thái').selectOption('processing');
  await expect(page).toHaveURL(/status=processing/);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  await page.getByLabel('Tiếp nhận từ ngày').fill(today);
  await expect(page).toHaveURL(new RegExp(`from=${today}`));
  await page.getByLabel('Thời hạn').selectOption('overdue');
  await expect(page).toHaveURL(/due=overdue/);
  // Received today, a 7-working-day procedure: not overdue.
  await expect(row(page, code)).toHaveCount(0);
  await expect(page.getByText('Không có hồ sơ nào (theo bộ lọc đã chọn).')).toBeVisible();
  await page.getByLabel('Thời hạn').selectOption('');
  await expect(row(page, code)).toContainText('Phạm Thu Dung');

  await page.reload();
  await expect(page.getByLabel('Trạng thái')).toHaveValue('processing');
  await expect(page.getByLabel('Tiếp nhận từ ngày')).toHaveValue(today);
  await expect(page.getByRole('tab', { name: 'Tất cả hồ sơ tôi được xem' })).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, code)).toBeVisible();
  // Every row the filter lets through is being processed.
  for (const badge of await page.locator('tbody tr td:nth-child(4)').allTextContents()) expect(badge).toBe('Đang giải quyết');
  await page.screenshot({ path: `${SHOTS}/inbox-filtered.png`, fullPage: true });

  await row(page, code).getByRole('link', { name: code }).click();
  await expect(page).toHaveURL(new RegExp(`/dossiers/${code}$`));
  const timeline = page.getByRole('table', { name: /Mọi sự kiện của hồ sơ/ });
  await expect(timeline).toContainText('Tiếp nhận hồ sơ');
  await expect(timeline).toContainText('Chuyển cơ quan giải quyết');
  await expect(timeline).toContainText('Nhận xử lý');
  // Who, by name from the staff register (the demo officer's), not by account id.
  await expect(timeline).toContainText('Demo officer (Sở Xây dựng)');
  await expect(timeline).not.toContainText('demo-officer');
  await expect(timeline).toContainText('Chuyên viên — ');
  await expectAccessible(page, 'the dossier page');
  await page.screenshot({ path: `${SHOTS}/dossier-processing.png`, fullPage: true });
});
