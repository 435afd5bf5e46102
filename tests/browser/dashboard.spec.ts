import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/accounts';
import { apiAs, DEMO_PROCEDURE, receiveDossier, type StaffApi } from './support/api';
import { expectAccessible } from './support/axe';

/**
 * The supervisor's dashboard (issue 11 item 5): an overdue dossier imported from the previous system shows in the
 * overdue list of its branch and department, the list downloads as CSV holding it, a unit's row drills down to
 * its dossiers, and the charts' tables hold the numbers the API gives.
 */
const BRANCH = { id: 'branch-cau-giay-thanh-xuan', name: 'Chi nhánh Cầu Giấy – Thanh Xuân' };
const DEPARTMENT = { id: 'dept-construction', name: 'Sở Xây dựng' };
const DAY = 86_400_000;
const SHOTS = 'tests/browser/.output/shots';

const hanoiDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(at);
const pct = (r: number | null) => (r === null ? '—' : new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 }).format(r));

interface SummaryRow {
  key: string;
  received: number;
  carriedOver: number;
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  pending: number;
  pendingOverdue: number;
  onTimeRate: number | null;
  rate766: number | null;
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** A dossier of the demo department taken to result_ready through the API (so the rates have something resolved). */
async function resolvedDossier(baseURL: string): Promise<string> {
  const [clerk, officer, leader] = await Promise.all([apiAs(baseURL, 'demo-clerk'), apiAs(baseURL, 'demo-officer'), apiAs(baseURL, 'demo-leader')]);
  try {
    const { code } = await receiveDossier(clerk, 'Trần Thị Bình');
    const status = async () => (await officer.get<{ status: string }>(`/api/v1/dossiers/${code}`)).status;
    await expect.poll(status, { timeout: 60_000 }).toBe('transferred');
    await officer.post(`/api/v1/dossiers/${code}/actions/claim`);
    await officer.post(`/api/v1/dossiers/${code}/actions/submit`, { outcome: 'approved', summary: 'Đủ điều kiện' });
    await leader.post(`/api/v1/dossiers/${code}/actions/approve`, {});
    await expect.poll(status, { timeout: 60_000 }).toBe('result_ready');
    return code;
  } finally {
    await Promise.all([clerk.dispose(), officer.dispose(), leader.dispose()]);
  }
}

test.describe('the supervisor’s dashboard', () => {
  let overdueCode: string;
  let receivedAt: Date;
  let supervisor: StaffApi;

  test.beforeAll(async ({ baseURL }) => {
    test.setTimeout(180_000);
    const admin = await apiAs(baseURL!, 'demo-admin');
    // Six weeks ago: well past the procedure's seven working days.
    receivedAt = new Date(Date.now() - 42 * DAY);
    overdueCode = `DASH-${Date.now()}`;
    const imported = await admin.post<{ code: string; overdue: boolean }>('/api/v1/dossiers/import', {
      procedureCode: DEMO_PROCEDURE.code,
      applicant: { fullName: 'Lê Văn Cường', idNumber: '001088054321', phone: '0987654321' },
      documents: [{ code: DEMO_PROCEDURE.component }],
      receivingBranchId: BRANCH.id,
      receivedAt: receivedAt.toISOString(),
      code: overdueCode,
    });
    expect(imported).toMatchObject({ code: overdueCode, overdue: true });
    await admin.dispose();
    await resolvedDossier(baseURL!);
    supervisor = await apiAs(baseURL!, 'demo-supervisor');
  });

  test.afterAll(async () => {
    await supervisor?.dispose();
  });

  test('the overdue list per branch and department holds the imported dossier, downloads as CSV and drills down', async ({ page }) => {
    await signIn(page, 'demo-supervisor');
    await expect(page).toHaveURL(/\/dashboard/);
    await expect(page.getByRole('heading', { name: 'Theo dõi, giám sát' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Hồ sơ quá hạn' })).toHaveAttribute('aria-selected', 'true');

    await page.getByLabel('Nơi tiếp nhận (chi nhánh hoặc điểm tiếp nhận)').selectOption(BRANCH.id);
    await page.getByLabel('Cơ quan giải quyết', { exact: true }).selectOption(DEPARTMENT.id);
    await expect(page).toHaveURL(new RegExp(`branchId=${BRANCH.id}.*departmentId=${DEPARTMENT.id}|departmentId=${DEPARTMENT.id}.*branchId=${BRANCH.id}`));
    const table = page.getByRole('table', { name: /Hồ sơ quá hạn/ });
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: overdueCode }) });
    await expect(row).toBeVisible();
    await expect(row).toContainText(BRANCH.name);
    await expect(row).toContainText(DEPARTMENT.name);
    await expect(row).toContainText('quá hạn');
    // Every row the filter leaves is of that branch and department.
    for (const r of await table.getByRole('row').filter({ has: page.getByRole('link') }).all()) await expect(r).toContainText(DEPARTMENT.name);
    await expect(page.getByText(/^Cập nhật lúc \d{2}:\d{2}:\d{2}/)).toBeVisible();
    await expectAccessible(page, 'the dashboard’s overdue list, filtered');
    await shot(page, 'dashboard-overdue');

    // Grouped per department: a group header row names it and counts its dossiers.
    await page.getByLabel('Nhóm danh sách theo').selectOption('department');
    await expect(page).toHaveURL(/group=department/);
    await expect(table.getByRole('rowheader', { name: new RegExp(`^${DEPARTMENT.name}: \\d+ hồ sơ`) })).toBeVisible();
    await expectAccessible(page, 'the dashboard’s overdue list, grouped');
    await shot(page, 'dashboard-overdue-grouped');

    // The download carries the filters on screen and holds the dossier.
    const csvLink = page.getByRole('link', { name: 'Tải danh sách quá hạn dạng CSV' });
    await expect(csvLink).toHaveAttribute('href', new RegExp(`format=csv`));
    const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
    expect(download.suggestedFilename()).toMatch(/^overdue-.*\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.split(/\r?\n/)[0]).toContain('code');
    const line = csv.split(/\r?\n/).find((l) => l.startsWith(overdueCode));
    expect(line, csv).toBeDefined();
    expect(line).toContain(BRANCH.id);
    // Filtered as shown: every dossier in the file is of the department.
    for (const l of csv.split(/\r?\n/).slice(1).filter(Boolean)) expect(l).toContain(DEPARTMENT.id);

    // Due soon: its own tab, the same filters kept.
    await page.getByRole('tab', { name: 'Hồ sơ sắp đến hạn' }).click();
    await expect(page).toHaveURL(/tab=dueSoon/);
    await expect(page.getByRole('table', { name: /Hồ sơ sắp đến hạn/ })).toBeVisible();
    await expect(page.getByRole('table', { name: /Hồ sơ sắp đến hạn/ }).getByRole('link', { name: overdueCode })).toHaveCount(0);
    await expectAccessible(page, 'the dashboard’s due-soon list');
    await shot(page, 'dashboard-due-soon');

    // Drill-down to the dossier itself.
    await page.getByRole('tab', { name: 'Hồ sơ quá hạn' }).click();
    await page.getByRole('link', { name: overdueCode }).click();
    await expect(page).toHaveURL(new RegExp(`/dossiers/${overdueCode}$`));
  });

  test('the charts render, their tables hold the API’s numbers, and a unit’s row drills down to its overdue dossiers', async ({ page }) => {
    const from = `${hanoiDate(receivedAt).slice(0, 7)}-01`;
    const to = hanoiDate(new Date());
    await signIn(page, 'demo-supervisor');
    await page.getByRole('tab', { name: 'Tổng hợp và biểu đồ' }).click();
    await expect(page).toHaveURL(/tab=summary/);
    await page.getByLabel('Nơi tiếp nhận (chi nhánh hoặc điểm tiếp nhận)').selectOption(BRANCH.id);
    await page.getByLabel('Cơ quan giải quyết', { exact: true }).selectOption(DEPARTMENT.id);
    await page.getByLabel('Từ ngày').fill(from);
    await page.getByLabel('Đến ngày').fill(to);
    // Today is the default end: the URL holds it only when another day is chosen.
    await expect(page).toHaveURL(new RegExp(`from=${from}`));
    await expect(page.getByLabel('Đến ngày')).toHaveValue(to);

    // By unit: the rates chart, and its table with the numbers the API gives for the same filters and period.
    const rates = page.getByRole('figure', { name: 'Tỷ lệ giải quyết đúng hạn và tỷ lệ theo Quyết định 766, theo đơn vị' });
    await expect(rates.locator('.recharts-bar-rectangle').first()).toBeVisible();
    const query = `from=${from}&to=${to}&branchId=${BRANCH.id}&departmentId=${DEPARTMENT.id}`;
    const [byBranch] = await supervisor.get<SummaryRow[]>(`/api/v1/reports/summary?groupBy=branch&${query}`);
    expect(byBranch).toMatchObject({ key: BRANCH.id });
    expect(byBranch.resolved).toBeGreaterThan(0);
    const units = page.getByRole('table', { name: /Bảng số liệu của biểu đồ tỷ lệ theo đơn vị/ });
    await expect(units.getByRole('row').filter({ hasText: BRANCH.name }).locator('th, td')).toHaveText([
      BRANCH.name,
      ...[byBranch.received, byBranch.carriedOver, byBranch.resolved, byBranch.early, byBranch.onTime, byBranch.late, byBranch.pending, byBranch.pendingOverdue].map(String),
      pct(byBranch.onTimeRate),
      pct(byBranch.rate766),
    ]);

    // By month: the chart, and its table row by row as the API gives it.
    const months = page.getByRole('figure', { name: 'Hồ sơ tiếp nhận và hồ sơ đã giải quyết theo tháng' });
    await expect(months.locator('.recharts-bar-rectangle').first()).toBeVisible();
    const byMonth = await supervisor.get<SummaryRow[]>(`/api/v1/reports/summary?groupBy=month&${query}`);
    expect(byMonth.reduce((n, r) => n + r.received, 0)).toBeGreaterThanOrEqual(2);
    const monthTable = page.getByRole('table', { name: 'Bảng số liệu của biểu đồ theo tháng' });
    await expect(monthTable.getByRole('row')).toHaveCount(byMonth.length + 1);
    for (const m of byMonth) {
      const label = `${m.key.slice(5, 7)}/${m.key.slice(0, 4)}`;
      await expect(monthTable.getByRole('row', { name: new RegExp(`^${label}`) }).locator('th, td')).toHaveText([label, String(m.received), String(m.resolved), String(m.pending), pct(m.onTimeRate), pct(m.rate766)]);
    }
    await expectAccessible(page, 'the dashboard’s summary with its charts');
    await shot(page, 'dashboard-summary');

    // By department: the same table, another unit.
    await page.getByLabel('Tổng hợp theo', { exact: true }).selectOption('department');
    await expect(units.getByRole('row').filter({ hasText: DEPARTMENT.name })).toBeVisible();

    // A unit's row drills down to its overdue dossiers.
    await page.getByRole('link', { name: `Xem hồ sơ quá hạn của ${DEPARTMENT.name}` }).click();
    await expect(page).toHaveURL(/tab=overdue/);
    await expect(page.getByRole('tab', { name: 'Hồ sơ quá hạn' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('table', { name: /Hồ sơ quá hạn/ }).getByRole('link', { name: overdueCode })).toBeVisible();

    // In English, the same screen speaks English.
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.getByRole('tab', { name: 'Summary and charts' }).click();
    await expect(page.getByRole('heading', { name: 'Dossiers received and resolved, by month' })).toBeVisible();
    await expectAccessible(page, 'the dashboard in English');
    await shot(page, 'dashboard-summary-en');
    await page.getByLabel('Language').selectOption('vi');
  });
});
