import { Alert, Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useUnitNames } from '../../api/units';
import { rolesOf, useMe } from '../../auth/session';
import { Approvals } from './Approvals';
import { holds, useAbsences, useAwaitingApproval, useUnitStaff } from './data';
import { OpenDossiers } from './OpenDossiers';
import { leaderRoute } from './route';

/** The leader's screen: the unit's dossiers awaiting approval, and its open dossiers to redistribute. */
export function LeaderScreen() {
  const { t } = useTranslation('leader');
  const me = useMe().data;
  const active = me?.active;
  const unitName = useUnitNames();
  if (!active || !rolesOf('/leader').includes(active.role)) {
    return (
      <Stack>
        <Title order={2}>{t('title')}</Title>
        <Alert color="yellow" variant="light">
          {t('forbidden')}
        </Alert>
      </Stack>
    );
  }
  return <LeaderWork key={active.unitId} unitId={active.unitId} unit={unitName(active.unitId)} />;
}

function LeaderWork({ unitId, unit }: { unitId: string; unit: string }) {
  const { t } = useTranslation('leader');
  const search = leaderRoute.useSearch();
  const navigate = useNavigate({ from: leaderRoute.fullPath });
  const qc = useQueryClient();
  const tab = search.tab ?? 'approvals';
  const awaiting = useAwaitingApproval(unitId);
  const staff = useUnitStaff();
  const people = staff.data ?? [];
  const officers = people.filter((s) => s.active && holds(s, 'officer', unitId));
  const away = useAbsences(officers.map((s) => s.id));
  const names = new Map(people.map((s) => [s.id, s.name] as const));
  const nameOf = (id?: string) => (id ? (names.get(id) ?? id) : '—');
  const refreshing = qc.isFetching({ queryKey: ['dossiers'] }) > 0;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('title')}</Title>
          <Text size="sm">{t('unitLine', { unit })}</Text>
        </div>
        <Button
          variant="default"
          size="xs"
          loading={refreshing}
          onClick={() => {
            void qc.invalidateQueries({ queryKey: ['dossiers'] });
            void qc.invalidateQueries({ queryKey: ['tasks'] });
            void qc.invalidateQueries({ queryKey: ['staff'] });
          }}
        >
          {refreshing ? t('refreshing') : t('refresh')}
        </Button>
      </Group>
      <Tabs
        value={tab}
        onChange={(v) => void navigate({ search: (prev) => ({ ...prev, tab: v === 'open' ? 'open' : undefined, page: undefined }) })}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('tabs.label')}>
          <Tabs.Tab value="approvals">{t('tabs.approvals', { count: awaiting.data?.items.length ?? 0 })}</Tabs.Tab>
          <Tabs.Tab value="open">{t('tabs.open')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="approvals" pt="md">
          <Approvals query={awaiting} nameOf={nameOf} />
        </Tabs.Panel>
        <Tabs.Panel value="open" pt="md">
          <OpenDossiers unitId={unitId} officers={officers} staffPending={staff.isPending} staffError={staff.error} away={away} nameOf={nameOf} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
