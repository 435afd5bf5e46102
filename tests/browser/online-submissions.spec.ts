import path from 'node:path';
import { expect, request, test, type Page } from '@playwright/test';
import { signIn } from './support/accounts';
import { apiAs, DEMO_PROCEDURE } from './support/api';
import { expectAccessible } from './support/axe';

/**
 * The clerk's queue of online submissions (README "National portal"), through the screen: the portal's connector
 * (a service account with submissions:write, set up through the API) pushes two dossiers to the demo clerk's
 * branch; the clerk sees both, receives one (a receipt with a dossier code) and refuses the other (Form 03), and
 * each leaves the queue.
 */
const SHOTS = path.join('tests/browser/.output/shots');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
const DEMO_CLERK_BRANCH = 'branch-cau-giay-thanh-xuan';

/** A service account of the center that may push submissions, and its bearer token (client credentials). */
async function portalConnector(baseURL: string): Promise<string> {
  const admin = await apiAs(baseURL, 'demo-admin');
  try {
    const created = await admin.post<{ clientId: string; clientSecret: string }>('/api/v1/service-accounts', {
      name: `DVCQG connector (browser test ${Date.now()})`,
      unitId: 'center',
      scopes: ['submissions:write'],
    });
    const ctx = await request.newContext({ baseURL });
    const res = await ctx.post('/api/v1/auth/token', { data: { grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret } });
    expect(res.status(), await res.text()).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    await ctx.dispose();
    return access_token;
  } finally {
    await admin.dispose();
  }
}

async function push(baseURL: string, token: string, reference: string, fullName: string): Promise<{ id: string }> {
  const ctx = await request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const res = await ctx.post('/api/v1/online-submissions', {
    headers: { 'Idempotency-Key': `${reference}-push` },
    data: {
      reference,
      procedureCode: DEMO_PROCEDURE.code,
      receivingUnitId: DEMO_CLERK_BRANCH,
      applicant: { fullName, idNumber: '001088012345', phone: '0912345678', email: 'nguoinop@example.vn' },
      documents: [{ code: DEMO_PROCEDURE.component, name: 'Đơn đề nghị (nộp trực tuyến)' }],
      submittedAt: new Date(Date.now() - 3_600_000).toISOString(),
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const body = (await res.json()) as { id: string };
  await ctx.dispose();
  return body;
}

const row = (page: Page, reference: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: reference, exact: true }) });

test('the clerk sees the portal’s submissions, receives one (a receipt) and refuses the other (Form 03), and each leaves the queue', async ({ page, baseURL }) => {
  const token = await portalConnector(baseURL!);
  const stamp = Date.now();
  const [refA, refB] = [`G22.99-${stamp}-A`, `G22.99-${stamp}-B`];
  const a = await push(baseURL!, token, refA, 'Trần Thị Trực Tuyến');
  const b = await push(baseURL!, token, refB, 'Lê Văn Cổng');

  await signIn(page, 'demo-clerk');
  const nav = page.getByRole('navigation').getByRole('link', { name: /^Hồ sơ trực tuyến/ });
  await expect(nav).toBeVisible();
  await nav.click();
  await expect(page).toHaveURL(/\/online-submissions/);
  await expect(page.getByRole('heading', { name: 'Hồ sơ trực tuyến', level: 2 })).toBeVisible();
  await expect(row(page, refA)).toBeVisible();
  await expect(row(page, refB)).toBeVisible();
  // Each row: the procedure, the applicant, when (Hanoi time, dd/MM/yyyy HH:mm), the documents it brought.
  await expect(row(page, refA)).toContainText(DEMO_PROCEDURE.code);
  await expect(row(page, refA)).toContainText('Trần Thị Trực Tuyến');
  await expect(row(page, refA)).toContainText('Đơn đề nghị (nộp trực tuyến)');
  await expect(row(page, refA).getByText(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/)).toBeVisible();
  // The count badge says as many as the queue lists (other files' leftovers included).
  const rows = await page.getByTestId('online-submission').count();
  await expect(page.getByTestId('online-count')).toHaveText(`${rows} hồ sơ đang chờ`);
  await expect(page.getByTestId('nav-online-count')).toHaveText(String(rows));
  await expectAccessible(page, 'online submissions, the queue');
  await shot(page, 'online-queue');

  // Receive the first: the reception form, filled in from the submission.
  await page.getByRole('button', { name: `Tiếp nhận hồ sơ ${refA}` }).click();
  await expect(page.getByRole('heading', { name: `Đang xử lý hồ sơ trực tuyến ${refA}` })).toBeFocused();
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Trần Thị Trực Tuyến');
  await expect(page.getByLabel('Số điện thoại')).toHaveValue('0912345678');
  await expect(page.getByLabel('Hình thức nộp')).toHaveValue('online');
  await expect(page.getByRole('checkbox', { name: /^Đã nộp: / }).first()).toBeChecked();
  await expect(page.getByText('Đã đủ các thành phần bắt buộc.')).toBeVisible();
  await expectAccessible(page, 'online submissions, the form');
  await shot(page, 'online-form');
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Đã tiếp nhận hồ sơ' })).toBeFocused();
  const code = (await page.getByTestId('dossier-code').innerText()).trim();
  expect(code).not.toBe('');
  await expect(page.getByTestId('lookup-pin')).toBeVisible();
  await expectAccessible(page, 'online submissions, received');
  await shot(page, 'online-received');

  // Back in the queue: the received one is gone, the other still waits.
  await page.getByRole('button', { name: 'Về danh sách hồ sơ trực tuyến' }).click();
  await expect(row(page, refB)).toBeVisible();
  await expect(row(page, refA)).toHaveCount(0);

  // Refuse the second: the refusal's reason is asked at once.
  await page.getByRole('button', { name: `Từ chối hồ sơ ${refB}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Từ chối tiếp nhận hồ sơ (Mẫu 03)' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Từ chối và lập Mẫu 03' }).click();
  await expect(dialog.getByText('Hãy ghi lý do từ chối.')).toBeVisible();
  await dialog.getByLabel('Lý do từ chối').fill('Thủ tục không thuộc thẩm quyền tiếp nhận của chi nhánh');
  await expectAccessible(page, 'online submissions, the refusal');
  await dialog.getByRole('button', { name: 'Từ chối và lập Mẫu 03' }).click();
  await expect(page.getByRole('heading', { name: 'Đã lập phiếu từ chối tiếp nhận hồ sơ' })).toBeFocused();
  await expect(page.getByText('Thủ tục không thuộc thẩm quyền tiếp nhận của chi nhánh')).toBeVisible();
  await expect(page.getByRole('link', { name: /In phiếu từ chối \(Mẫu 03\)/ })).toBeVisible();
  await expectAccessible(page, 'online submissions, refused');
  await page.getByRole('button', { name: 'Về danh sách hồ sơ trực tuyến' }).click();
  await expect(page.getByRole('heading', { name: 'Hồ sơ trực tuyến', level: 2 })).toBeFocused();
  await expect(row(page, refB)).toHaveCount(0);
  await expect(row(page, refA)).toHaveCount(0);
  await shot(page, 'online-queue-after');

  // What the API recorded: the received one under the dossier shown, the other refused.
  const clerk = await apiAs(baseURL!, 'demo-clerk');
  try {
    expect(await clerk.get(`/api/v1/online-submissions/${a.id}`)).toMatchObject({ status: 'received', dossierCode: code });
    expect(await clerk.get(`/api/v1/online-submissions/${b.id}`)).toMatchObject({ status: 'refused' });
  } finally {
    await clerk.dispose();
  }
});
