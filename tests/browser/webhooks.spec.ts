import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { signIn } from './support/accounts';
import { apiAs, receiveDossier } from './support/api';
import { expectAccessible } from './support/axe';

const shot = (page: Page, name: string) => page.screenshot({ path: `tests/browser/.output/shots/${name}.png`, fullPage: true });

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

/**
 * A consumer on 127.0.0.1: the first attempt of every message is answered 503 and the next ones 204, or every
 * one 410 once it is `gone`; keeps what it received. Other specs' dossiers share the server, so the endpoint
 * hears of them too: the test follows its own dossier by code. (It only records: the test verifies the
 * signatures with the secret the screen showed.)
 */
async function consumer() {
  const received: Received[] = [];
  const state = { gone: false };
  const seen = new Set<string>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      const answered = state.gone ? 410 : seen.has(id) ? 204 : 503;
      seen.add(id);
      received.push({ headers: req.headers, body, answered });
      res.statusCode = answered;
      res.end(answered === 204 ? undefined : `answer ${answered}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const of = (code: string) => received.filter((r) => (JSON.parse(r.body) as { data: { code: string } }).data.code === code);
  return { url: `http://127.0.0.1:${port}/motcua/hooks`, received, of, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('the admin subscribes an endpoint, sees its secret once, follows a delivery through a 503 to delivered, redelivers it, and sees a 410 disable it', async ({ page, baseURL }) => {
  test.setTimeout(150_000);
  const hook = await consumer();
  const clerk = await apiAs(baseURL!, 'demo-clerk');
  try {
    await signIn(page, 'demo-admin');
    await page.getByRole('tab', { name: 'Webhook' }).click();
    await expect(page).toHaveURL(/tab=webhooks/);
    await expect(page.getByRole('table', { name: /Điểm nhận webhook \(số điểm nhận/ })).toBeVisible();
    await expectAccessible(page, 'the webhooks tab');

    // A new endpoint: the form says what is wrong in words before sending anything.
    await page.getByRole('button', { name: 'Thêm điểm nhận' }).click();
    const form = page.getByRole('region', { name: 'Thêm điểm nhận webhook' });
    await form.getByLabel('Địa chỉ nhận (URL)').fill('ftp://127.0.0.1/x');
    await form.getByRole('button', { name: 'Bỏ chọn tất cả' }).click();
    await form.getByRole('button', { name: 'Tạo điểm nhận' }).click();
    await expect(form.getByText('Nhập địa chỉ http:// hoặc https:// hợp lệ', { exact: false })).toBeVisible();
    await expect(form.getByText('Chọn ít nhất một loại sự kiện.')).toBeVisible();
    await form.getByLabel('Địa chỉ nhận (URL)').fill(hook.url);
    await form.getByLabel('Mô tả').fill('Hệ thống nhận thử nghiệm (e2e)');
    await form.getByRole('checkbox', { name: /^Tiếp nhận hồ sơ/ }).check();
    await expectAccessible(page, 'the new endpoint form');
    await shot(page, 'webhooks-create');
    await form.getByRole('button', { name: 'Tạo điểm nhận' }).click();

    // The secret, once, with the warning; closing it is final.
    const detail = page.getByRole('region', { name: `Điểm nhận: ${hook.url}` });
    await expect(detail).toBeVisible();
    await expect(page).toHaveURL(/webhook=/);
    await expect(detail.getByText('Khóa này chỉ hiện một lần', { exact: false })).toBeVisible();
    const secretField = detail.getByLabel('Khóa bí mật (ký webhook)');
    await expect(secretField).toHaveValue(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const secret = await secretField.inputValue();
    await expect(detail.getByRole('button', { name: 'Sao chép khóa' })).toBeVisible();
    await expectAccessible(page, 'the secret shown once');
    await shot(page, 'webhooks-secret');
    await detail.getByRole('button', { name: 'Tôi đã lưu khóa, đóng' }).click();
    await expect(detail.getByLabel('Khóa bí mật (ký webhook)')).toHaveCount(0);
    await page.reload();
    await expect(detail.getByRole('heading', { name: `Điểm nhận: ${hook.url}` })).toBeVisible();
    await expect(detail.getByLabel('Khóa bí mật (ký webhook)')).toHaveCount(0);

    // A dossier is received: its event fails once (503), is retried by itself, and is delivered.
    const { code } = await receiveDossier(clerk);
    const deliveries = detail.getByRole('table', { name: /Các lần gửi đến điểm nhận/ });
    const row = deliveries.getByRole('row').filter({ hasText: code });
    await expect(row).toBeVisible();
    await expect(row.getByRole('link', { name: code })).toHaveAttribute('href', `/dossiers/${code}`);
    await expect(row).toContainText('Tiếp nhận hồ sơ');
    await expect(row).toContainText('Đã gửi', { timeout: 45_000 });
    await expect(row).toContainText('HTTP 204');
    await row.getByRole('button', { name: 'Các lần thử (2)' }).click();
    const webhookId = `msg_${code}_1`;
    const attempts = detail.getByRole('table', { name: `Các lần thử gửi ${webhookId}, cũ trước mới sau` });
    await expect(attempts.getByRole('row', { name: /^1 .*HTTP 503/ })).toBeVisible();
    await expect(attempts.getByRole('row', { name: /^2 .*HTTP 204/ })).toBeVisible();
    await attempts.getByRole('button', { name: 'Yêu cầu và phản hồi của lần thử 1' }).click();
    await expect(attempts.getByText('Yêu cầu đã gửi (JSON, chữ ký được che)')).toBeVisible();
    await expect(attempts.getByText('"webhook-signature": "(signed)"')).toBeVisible();
    await expect(attempts.getByText('answer 503')).toBeVisible();
    await expectAccessible(page, 'a delivery with its attempts open');
    await shot(page, 'webhooks-deliveries');

    // What the consumer got: the same webhook-id twice, signed with the secret the screen showed.
    expect(hook.of(code).map((r) => r.answered)).toEqual([503, 204]);
    const verifier = new Webhook(secret);
    for (const r of hook.of(code)) {
      expect(r.headers['webhook-id']).toBe(webhookId);
      expect(verifier.verify(r.body, r.headers as Record<string, string>)).toMatchObject({ type: 'dossier.received', data: { code } });
    }

    // The filter is in the URL: nothing failed, one delivered.
    await detail.getByLabel('Trạng thái gửi').selectOption('failed');
    await expect(page).toHaveURL(/delivery=failed/);
    await expect(detail.getByText('Không có lần gửi nào ở trạng thái “Thất bại”.')).toBeVisible();
    await detail.getByLabel('Trạng thái gửi').selectOption('delivered');
    await expect(row).toBeVisible();
    await detail.getByLabel('Trạng thái gửi').selectOption('');

    // Redelivery: the same webhook-id once more, a third attempt.
    await row.getByRole('button', { name: `Gửi lại ${webhookId}` }).click();
    await expect(row.getByRole('status')).toContainText('Đã yêu cầu gửi lại lúc');
    await expect(attempts.getByRole('row', { name: /^3 .*HTTP 204/ })).toBeVisible({ timeout: 30_000 });
    await expect(row.getByRole('button', { name: 'Các lần thử (3)' })).toBeVisible();
    expect(hook.of(code).map((r) => r.headers['webhook-id'])).toEqual([webhookId, webhookId, webhookId]);
    await shot(page, 'webhooks-redelivered');

    // Paused: said so, and nothing can be redelivered until it is enabled again.
    await detail.getByRole('button', { name: 'Tạm dừng' }).click();
    await expect(detail.getByText('Đã tắt: quản trị tạm dừng').first()).toBeVisible();
    await expect(row.getByRole('button', { name: `Gửi lại ${webhookId}` })).toBeDisabled();
    await detail.getByRole('button', { name: 'Bật lại' }).click();
    await expect(detail.getByText('Đã bật lại điểm nhận', { exact: false })).toBeVisible();
    await expect(row.getByRole('button', { name: `Gửi lại ${webhookId}` })).toBeEnabled();

    // A new secret, shown once too.
    await detail.getByRole('button', { name: 'Đổi khóa bí mật' }).click();
    await detail.getByLabel('Khóa cũ còn ký thêm (giờ)').fill('2');
    await detail.getByRole('button', { name: 'Đổi khóa', exact: true }).click();
    await expect(detail.getByText('Đã đổi khóa bí mật. Lưu khóa mới ngay')).toBeVisible();
    await expect(detail.getByLabel('Khóa bí mật (ký webhook)')).not.toHaveValue(secret);
    await expect(detail.getByLabel('Khóa bí mật (ký webhook)')).toHaveValue(/^whsec_/);
    await detail.getByRole('button', { name: 'Tôi đã lưu khóa, đóng' }).click();

    // The event types: one more.
    await detail.getByRole('button', { name: 'Sửa địa chỉ, loại sự kiện' }).click();
    const edit = detail.getByRole('form', { name: 'Sửa điểm nhận' });
    await edit.getByRole('checkbox', { name: /^Trả kết quả/ }).check();
    await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await expect(detail.getByText('Đã lưu thay đổi.')).toBeVisible();
    await expect(detail.getByRole('listitem').filter({ hasText: 'dossier.returned' })).toBeVisible();

    // The consumer answers 410 Gone: the endpoint is disabled, and the list says why.
    hook.state.gone = true;
    await receiveDossier(clerk, 'Trần Thị Bình');
    await expect(detail.getByText(/^Đã tắt: điểm nhận trả lời 410 Gone lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/).first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('table', { name: /Điểm nhận webhook/ }).getByRole('row').filter({ hasText: hook.url })).toContainText('Đã tắt: điểm nhận trả lời 410 Gone');
    // (Whichever dossier's delivery met the 410 first: other specs' dossiers share the server.)
    await expect(deliveries.getByRole('row').filter({ hasText: 'HTTP 410' }).first()).toBeVisible();
    await expectAccessible(page, 'an endpoint disabled by a 410');
    await shot(page, 'webhooks-gone');

    // The same view in English.
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await expect(page.getByRole('region', { name: `Endpoint: ${hook.url}` })).toContainText('Disabled: the endpoint answered 410 Gone at');
    await expectAccessible(page, 'the webhooks tab in English');
    await shot(page, 'webhooks-gone-en');
    await page.getByLabel('Language').selectOption('vi');

    // Deleted, after a confirmation: nothing more goes there.
    await detail.getByRole('button', { name: 'Xóa điểm nhận' }).click();
    const dialog = page.getByRole('dialog', { name: 'Xóa điểm nhận?' });
    await expect(dialog).toContainText(hook.url);
    await expectAccessible(page, 'the delete confirmation');
    await dialog.getByRole('button', { name: 'Xóa', exact: true }).click();
    await expect(page.getByText(`Đã xóa điểm nhận ${hook.url}.`)).toBeVisible();
    await expect(detail).toHaveCount(0);
    await expect(page.getByRole('table', { name: /Điểm nhận webhook/ }).getByRole('row').filter({ hasText: hook.url })).toHaveCount(0);
  } finally {
    await clerk.dispose();
    await hook.close();
  }
});
