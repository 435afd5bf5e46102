import { Alert, Button, Group, NativeSelect, Stack, Tabs, Text, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { rolesOf, useMe } from '../../auth/session';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { activeRoleIn } from '../../routes/root';
import { useCatalogue, type Catalogue } from './data';
import { dashboardRoute, LIST_GROUPS, TABS, type DashboardSearch } from './route';
import { RunningList } from './RunningList';
import { Summary } from './Summary';

/**
 * The supervisors' dashboard (issue 11 item 5): the overdue and due-soon lists and the summary with its charts,
 * filtered per branch, reception point and department. Everything is in the URL; every list and table downloads
 * as CSV or XLSX with the same filters; each refreshes itself every 30 seconds.
 */
export function DashboardScreen() {
  const { t } = useTranslation('dashboard');
  const me = useMe().data;
  const search = useSearch({ from: dashboardRoute.id });
  const navigate = useNavigate({ from: dashboardRoute.fullPath });
  const catalogue = useCatalogue();
  const role = me ? activeRoleIn(me, rolesOf('/dashboard')) : null;
  if (!me || !role) {
    return (
      <Stack>
        <Title order={2}>{t('title')}</Title>
        <Alert color="yellow" role="alert">
          {t('forbidden')}
        </Alert>
      </Stack>
    );
  }
  const tab = search.tab ?? 'overdue';
  const set = (patch: Partial<DashboardSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }) });
  // A leader sees their own department's reports only (the API forces it); a branch supervisor their branch's.
  const ownDepartment = role === 'leader' ? (me.active?.unitId ?? null) : null;
  const ownBranch = role !== 'leader' && me.active?.unitId && me.active.unitId !== 'center' ? me.active.unitId : null;

  return (
    <Stack gap="md">
      <Title order={2}>{t('title')}</Title>
      <ErrorAlert error={catalogue.error} />
      <Filters search={search} set={set} catalogue={catalogue} ownDepartment={ownDepartment} ownBranch={ownBranch} />
      <Tabs value={tab} onChange={(v) => set({ tab: (TABS as readonly string[]).includes(v ?? '') ? (v as DashboardSearch['tab']) : undefined })} keepMounted={false}>
        <Tabs.List aria-label={t('tabs.label')}>
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overdue" pt="md">
          <RunningList kind="overdue" search={search} set={set} catalogue={catalogue} />
        </Tabs.Panel>
        <Tabs.Panel value="dueSoon" pt="md">
          <RunningList kind="dueSoon" search={search} set={set} catalogue={catalogue} />
        </Tabs.Panel>
        <Tabs.Panel value="summary" pt="md">
          <Summary search={search} set={set} catalogue={catalogue} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

interface FiltersProps {
  search: DashboardSearch;
  set: (patch: Partial<DashboardSearch>) => void;
  catalogue: Catalogue;
  ownDepartment: string | null;
  ownBranch: string | null;
}

/** Where the dossiers were received (a branch with its points, or one point), which department decides them, how the list groups. */
function Filters({ search, set, catalogue, ownDepartment, ownBranch }: FiltersProps) {
  const { t } = useTranslation('dashboard');
  const { branches, departments, procedures } = catalogue;
  const topBranches = branches.filter((b) => b.kind === 'branch' && (!ownBranch || b.id === ownBranch));
  const branchData = [
    { value: '', label: t('filters.allBranches') },
    { group: t('filters.branchesGroup'), items: topBranches.map((b) => ({ value: b.id, label: b.name })) },
    ...topBranches
      .map((b) => ({ group: b.name, items: branches.filter((p) => p.kind === 'reception_point' && p.parentId === b.id).map((p) => ({ value: p.id, label: p.name })) }))
      .filter((g) => g.items.length > 0),
  ];
  // A value the lists do not hold yet (while they load) would be shown as the first choice: keep it as an option.
  if (search.branchId && !branches.some((b) => b.id === search.branchId)) branchData.push({ value: search.branchId, label: search.branchId });
  const departmentData = [{ value: '', label: t('filters.allDepartments') }, ...departments.map((d) => ({ value: d.id, label: d.name }))];
  if (search.departmentId && !departments.some((d) => d.id === search.departmentId)) departmentData.push({ value: search.departmentId, label: search.departmentId });
  const procedureData = [{ value: '', label: t('filters.allProcedures') }, ...procedures.map((p) => ({ value: p.code, label: `${p.code} — ${p.name}` }))];
  if (search.procedureCode && !procedures.some((p) => p.code === search.procedureCode)) procedureData.push({ value: search.procedureCode, label: search.procedureCode });
  const filtered = Boolean(search.branchId || search.procedureCode || (!ownDepartment && search.departmentId));

  return (
    <fieldset style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 8, padding: '8px 16px 16px' }}>
      <legend>
        <Text fw={700} size="sm" px={4}>
          {t('filters.legend')}
        </Text>
      </legend>
      <Group align="flex-end" gap="md" wrap="wrap">
        <NativeSelect label={t('filters.branch')} data={branchData} value={search.branchId ?? ''} onChange={(e) => set({ branchId: e.currentTarget.value || undefined })} w={370} />
        {ownDepartment ? (
          <Text size="sm" pb={6}>
            {t('filters.ownDepartment', { name: catalogue.unitName(ownDepartment) })}
          </Text>
        ) : (
          <NativeSelect label={t('filters.department')} data={departmentData} value={search.departmentId ?? ''} onChange={(e) => set({ departmentId: e.currentTarget.value || undefined })} w={260} />
        )}
        <NativeSelect label={t('filters.procedure')} data={procedureData} value={search.procedureCode ?? ''} onChange={(e) => set({ procedureCode: e.currentTarget.value || undefined })} w={300} />
        {(search.tab ?? 'overdue') !== 'summary' && (
          <NativeSelect
            label={t('filters.group')}
            data={LIST_GROUPS.map((g) => ({ value: g, label: t(`filters.groups.${g}`) }))}
            value={search.group ?? 'none'}
            onChange={(e) => set({ group: e.currentTarget.value === 'none' ? undefined : (e.currentTarget.value as DashboardSearch['group']) })}
            w={200}
          />
        )}
        {filtered && (
          <Button variant="default" onClick={() => set({ branchId: undefined, departmentId: undefined, procedureCode: undefined })}>
            {t('filters.clear')}
          </Button>
        )}
      </Group>
    </fieldset>
  );
}
