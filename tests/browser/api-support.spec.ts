import { expect, test } from '@playwright/test';
import { apiAs, receiveDossier } from './support/api';

test('the set-up path works: the demo clerk receives a dossier through the API and it is the officer’s department’s', async ({ baseURL }) => {
  const clerk = await apiAs(baseURL!, 'demo-clerk');
  const d = await receiveDossier(clerk);
  expect(d.code).toMatch(/\S/);
  expect(d.lookupPin).toMatch(/^\d+$/);
  const officer = await apiAs(baseURL!, 'demo-officer');
  const seen = await officer.get<{ departmentId: string }>(`/api/v1/dossiers/${encodeURIComponent(d.code)}`);
  expect(seen.departmentId).toBe('dept-construction');
  await Promise.all([clerk.dispose(), officer.dispose()]);
});
