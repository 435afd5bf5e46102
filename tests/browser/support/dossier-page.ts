import { expect, type Locator, type Page } from '@playwright/test';

/**
 * An action on the dossier page, as a person does it: opens the action's form, lets `fill` fill it, confirms, and
 * waits for the form to close and the dossier's new status to show. `beforeConfirm` looks at the filled form
 * (an accessibility check, a screenshot).
 */
export async function actOnDossier(
  page: Page,
  action: { button: string; confirm: string; status: string },
  hooks: { fill?: (dialog: Locator) => Promise<void>; beforeConfirm?: () => Promise<void>; confirmed?: () => Promise<void> } = {},
): Promise<void> {
  await page.getByRole('button', { name: action.button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  if (hooks.fill) await hooks.fill(dialog);
  if (hooks.beforeConfirm) await hooks.beforeConfirm();
  await dialog.getByRole('button', { name: action.confirm, exact: true }).click();
  await expect(dialog).toHaveCount(0);
  if (hooks.confirmed) await hooks.confirmed();
  await expect(page.locator('main').getByText(action.status, { exact: true }).first()).toBeVisible();
}
