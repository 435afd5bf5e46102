import { expect, type Page } from '@playwright/test';

/** The demo accounts of db/seeds/demo-staff.ts, with npm start's default password. */
export const DEMO_PASSWORD = 'motcua-demo';
export type DemoAccount = 'demo-clerk' | 'demo-officer' | 'demo-leader' | 'demo-supervisor' | 'demo-admin';

/** Fills the sign-in form and sends it (the password field by its autocomplete role: its label is also the show/hide button's). */
export async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
}

/** Signs in through the sign-in screen, as a person would. */
export async function signIn(page: Page, username: DemoAccount, password = DEMO_PASSWORD): Promise<void> {
  await submitSignIn(page, username, password);
  await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
}
