import { expect, test } from '@playwright/test';
import { signIn, submitSignIn } from './support/accounts';
import { expectAccessible } from './support/axe';

test('the console is at /: sign-in in Vietnamese, then the clerk lands on reception', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  await expectAccessible(page, 'the sign-in screen');
  await signIn(page, 'demo-clerk');
  await expect(page).toHaveURL(/\/reception$/);
  await expect(page.getByLabel('Vai trò đang dùng')).toHaveValue(/^clerk\|branch-cau-giay-thanh-xuan/);
  await expectAccessible(page, 'the reception screen');
});

test('a wrong password is told in words, and nothing opens', async ({ page }) => {
  await submitSignIn(page, 'demo-officer', 'not-the-password');
  await expect(page.getByRole('alert')).toContainText('Tên đăng nhập hoặc mật khẩu không đúng');
  await expect(page).toHaveURL(/\/signin/);
});

test('the English switch changes the words, and sign-out ends the session', async ({ page }) => {
  await signIn(page, 'demo-officer');
  await expect(page).toHaveURL(/\/inbox/);
  await page.getByLabel('Ngôn ngữ').selectOption('en');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.getByLabel('Language').selectOption('vi');
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto('/inbox');
  await expect(page).toHaveURL(/\/signin\?redirect=/);
});
