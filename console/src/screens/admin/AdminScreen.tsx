import { Alert, Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session';
import { BranchesTab } from './BranchesTab';
import { CalendarTab } from './CalendarTab';
import { ADMIN_TABS, useAdminSearch, type AdminTab } from './search';
import { StaffTab } from './StaffTab';
import { UnitsTab } from './UnitsTab';
import { WebhooksTab } from './WebhooksTab';

const PANELS: Record<AdminTab, () => React.JSX.Element> = { calendar: CalendarTab, units: UnitsTab, staff: StaffTab, branches: BranchesTab, webhooks: WebhooksTab };

/**
 * Administration (issue 11, item 6): calendar years, units, staff and assignments, where each procedure is received;
 * and the webhooks with every delivery attempt (issue 12).
 */
export function AdminScreen() {
  const { t } = useTranslation('admin');
  const me = useMe().data;
  const [search, set] = useAdminSearch();
  const tab = search.tab ?? 'calendar';
  if (me?.active?.role !== 'admin') {
    return (
      <Alert color="orange" variant="light" role="alert">
        {t('common:forbiddenScreen')}
      </Alert>
    );
  }
  const Panel = PANELS[tab];
  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <Tabs
        value={tab}
        keepMounted={false}
        // Another tab's selections (a year, a unit, a person, a filter) do not follow into this one.
        onChange={(v) => v && set({ tab: v as AdminTab, year: undefined, unit: undefined, kind: undefined, on: undefined, q: undefined, staff: undefined, branch: undefined, webhook: undefined, delivery: undefined })}
      >
        <Tabs.List aria-label={t('tabsLabel')}>
          {ADMIN_TABS.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {ADMIN_TABS.map((k) => (
          <Tabs.Panel key={k} value={k} pt="md">
            {k === tab && <Panel />}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
