import { expect, test, type Locator, type Page } from '@playwright/test';
import { signIn, type DemoAccount } from './support/accounts';
import { apiAs, receiveDossier } from './support/api';
import { expectAccessible } from './support/axe';
import { actOnDossier } from './support/dossier-page';

const SHOTS = 'tests/browser/.output/shots';

/** Set-up: a dossier received by the demo clerk, transferred to the demo officer's department. */
async function transferredDossier(baseURL: string): Promise<string> {
  const clerk = await apiAs(baseURL, 'demo-clerk');
  const { code } = await receiveDossier(clerk, 'Hoàng Minh Đức');
  await clerk.dispose();
  const officer = await apiAs(baseURL, 'demo-officer');
  await expect.poll(async () => (await officer.get<{ status: string }>(`/api/v1/dossiers/${code}`)).status).toBe('transferred');
  await officer.dispose();
  return code;
}

async function openAs(page: Page, who: DemoAccount, code: string): Promise<void> {
  await page.context().clearCookies();
  await signIn(page, who);
  await page.goto(`/dossiers/${code}`);
  await expect(page.getByRole('heading', { name: `Hồ sơ ${code}` })).toBeVisible();
}

/** An action through its form, checked with axe (and photographed) before it is confirmed. */
async function act(page: Page, button: string, confirm: string, status: string, fill?: (dialog: Locator) => Promise<void>, shot?: string) {
  await actOnDossier(page, { button, confirm, status }, {
    fill,
    beforeConfirm: async () => {
      await expectAccessible(page, `the form "${button}"`);
      if (shot) await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
    },
    confirmed: () => expect(page.getByRole('status').filter({ hasText: 'Đã thực hiện' })).toBeVisible(),
  });
}

test('officer claims and submits, the leader sends back then approves, the clerk returns the result — all from the dossier page', async ({ page, baseURL }) => {
  const code = await transferredDossier(baseURL!);
  await openAs(page, 'demo-officer', code);
  await expect(page.getByTestId('clock')).toHaveText('Đang chạy');
  await expectAccessible(page, 'the dossier page, transferred');
  await act(page, 'Nhận xử lý', 'Nhận xử lý', 'Đang giải quyết', undefined, 'dossier-claim-form');

  // Submitting needs a summary: the empty form says so, and nothing is sent.
  await page.getByRole('button', { name: 'Trình kết quả', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Trình lãnh đạo' }).click();
  await expect(page.getByRole('dialog').getByText('Bắt buộc nhập')).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Hủy' }).click();
  await act(page, 'Trình kết quả', 'Trình lãnh đạo', 'Chờ lãnh đạo phê duyệt', async (d) => {
    await d.getByLabel('Giải quyết (chấp thuận)').check();
    await d.getByLabel('Tóm tắt kết quả xử lý').fill('Hồ sơ đủ điều kiện cấp phép.');
  }, 'dossier-submit-form');

  await openAs(page, 'demo-leader', code);
  await act(page, 'Trả lại chuyên viên', 'Trả lại', 'Đang giải quyết', async (d) => {
    await d.getByLabel('Lý do').fill('Bổ sung căn cứ pháp lý vào tờ trình.');
  }, 'dossier-send-back-form');

  await openAs(page, 'demo-officer', code);
  await act(page, 'Trình kết quả', 'Trình lãnh đạo', 'Chờ lãnh đạo phê duyệt', async (d) => {
    await d.getByLabel('Tóm tắt kết quả xử lý').fill('Đã bổ sung căn cứ pháp lý.');
  });

  await openAs(page, 'demo-leader', code);
  await act(page, 'Phê duyệt', 'Phê duyệt', 'Đã có kết quả, chờ trả', async (d) => {
    await d.getByLabel('Ý kiến (không bắt buộc)').fill('Đồng ý.');
  }, 'dossier-approve-form');
  await expect(page.getByTestId('clock')).toHaveText('Đã dừng — đã có kết quả');

  await openAs(page, 'demo-clerk', code);
  await act(page, 'Trả kết quả', 'Đã trả kết quả', 'Đã trả kết quả', undefined, 'dossier-return-form');
  const timeline = page.getByRole('table', { name: /Mọi sự kiện của hồ sơ/ });
  for (const event of ['Tiếp nhận hồ sơ', 'Nhận xử lý', 'Trình kết quả xử lý', 'Trả lại để xử lý tiếp', 'Phê duyệt', 'Trả kết quả']) await expect(timeline).toContainText(event);
  await expect(timeline).toContainText('Bổ sung căn cứ pháp lý vào tờ trình.');
  await expect(timeline).toContainText('Lãnh đạo — ');
  await expect(page.getByText('Vai trò đang dùng không có thao tác nào với hồ sơ ở trạng thái này.')).toBeVisible();
  await expectAccessible(page, 'the dossier page, returned');
  await page.screenshot({ path: `${SHOTS}/dossier-returned.png`, fullPage: true });
});

test('the officer requests a supplement: the clock shows paused until the clerk receives it', async ({ page, baseURL }) => {
  const code = await transferredDossier(baseURL!);
  await openAs(page, 'demo-officer', code);
  await act(page, 'Nhận xử lý', 'Nhận xử lý', 'Đang giải quyết');
  await act(page, 'Yêu cầu bổ sung', 'Gửi yêu cầu bổ sung', 'Chờ bổ sung hồ sơ', async (d) => {
    await d.getByRole('checkbox').first().check();
    await d.getByLabel('Nội dung yêu cầu bổ sung (công dân cần mang gì, vì sao)').fill('Đơn đề nghị thiếu chữ ký của chủ hộ.');
  }, 'dossier-request-supplement-form');
  await expect(page.getByTestId('clock')).toHaveText('Tạm dừng — chờ công dân bổ sung hồ sơ');
  const supplements = page.getByRole('table', { name: /lần yêu cầu/ });
  await expect(supplements).toContainText('Đơn đề nghị thiếu chữ ký của chủ hộ.');
  await expect(supplements).toContainText('Đang chờ');
  await expectAccessible(page, 'the dossier page, paused');
  await page.screenshot({ path: `${SHOTS}/dossier-paused.png`, fullPage: true });

  await openAs(page, 'demo-clerk', code);
  await act(page, 'Nhận bổ sung', 'Nhận bổ sung', 'Đang giải quyết', async (d) => {
    await expect(d.getByRole('checkbox', { checked: true })).toHaveCount(1);
  }, 'dossier-supplement-form');
  await expect(page.getByTestId('clock')).toHaveText('Đang chạy');
  await expect(page.getByRole('table', { name: /Mọi sự kiện của hồ sơ/ })).toContainText('Nhận hồ sơ bổ sung');
});
