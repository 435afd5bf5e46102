import { Alert, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DossierStatus } from '../../../../domain/status';
import { api, ApiError, unwrap } from '../../api/client';
import { useMe, type Me } from '../../auth/session';
import { DossierLink } from '../../components/DossierLink';
import { DueAt } from '../../components/DueAt';
import { StatusBadge } from '../../components/StatusBadge';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Loading } from '../../layout/Loading';
import { allowedActions, useDossierAction, type Dossier } from '../dossier/actions';
import { inboxRoute, type InboxSearch } from './route';

/** Rows per page: the table grows by a page at a time ("load more"), so a long inbox renders as fast as a short one. */
export const PAGE_SIZE = 100;
const TABS = ['mine', 'unassigned', 'all'] as const;
type Tab = (typeof TABS)[number];

/** The tab a role lands on: an officer's own work; a clerk's or leader's queue; a supervisor watches everything. */
function defaultTab(role: string | undefined): Tab {
  if (role === 'officer') return 'mine';
  return role === 'supervisor' ? 'all' : 'unassigned';
}

function listQuery(tab: Tab, s: InboxSearch) {
  return {
    ...(tab === 'all' ? {} : { task: tab }),
    ...(s.status ? { status: s.status } : {}),
    ...(s.procedure ? { procedureCode: s.procedure } : {}),
    ...(s.due === 'overdue' ? { overdue: 'true' as const } : {}),
    ...(s.due === 'soon' ? { dueSoon: 'true' as const } : {}),
    ...(s.from ? { receivedFrom: s.from } : {}),
    ...(s.to ? { receivedTo: s.to } : {}),
    limit: PAGE_SIZE,
  };
}

/** The officer's (and clerk's, leader's, supervisor's) inbox: tabs and filters in the URL, claim from the row. */
export function InboxScreen() {
  const { t } = useTranslation('inbox');
  const search = inboxRoute.useSearch();
  const navigate = useNavigate({ from: '/inbox' });
  const me = useMe().data;
  const tab = search.tab ?? defaultTab(me?.active?.role);
  const query = listQuery(tab, search);

  const list = useInfiniteQuery({
    queryKey: ['inbox', me?.active, query],
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/dossiers', { params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 15_000,
    enabled: Boolean(me?.active),
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const set = (patch: Partial<InboxSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }) });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="baseline">
        <Title order={2}>{t('title')}</Title>
        <Text size="sm" c="dimmed" role="status" aria-live="polite">
          {list.isFetching && !list.isPending ? t('refreshing') : list.data ? t('shown', { count: rows.length }) : ''}
        </Text>
      </Group>
      <Filters search={search} set={set} />
      <Tabs value={tab} onChange={(v) => v && set({ tab: v as Tab })} keepMounted>
        <Tabs.List>
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((k) => (
          <Tabs.Panel key={k} value={k} pt="md">
            {k === tab && (
              <Stack gap="sm">
                <Text size="sm" c="dimmed">
                  {t(`tabHelp.${k}`)}
                </Text>
                {list.isPending ? (
                  <Loading label={t('loading')} />
                ) : list.error ? (
                  <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
                ) : (
                  <>
                    <InboxTable rows={rows} me={me} tab={tab} />
                    {list.hasNextPage && (
                      <Group justify="center">
                        <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                          {t('loadMore', { count: PAGE_SIZE })}
                        </Button>
                      </Group>
                    )}
                  </>
                )}
              </Stack>
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

function Filters({ search, set }: { search: InboxSearch; set: (patch: Partial<InboxSearch>) => void }) {
  const { t } = useTranslation('inbox');
  const procedures = useQuery({ queryKey: ['procedures'], queryFn: () => unwrap(api.GET('/api/v1/procedures')), staleTime: 10 * 60_000 });
  const any = { value: '', label: t('filters.any') };
  const filtered = Boolean(search.status || search.procedure || search.due || search.from || search.to);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="inbox-filters">
      <Title order={3} size="h5" id="inbox-filters" mb="xs">
        {t('filters.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
        <NativeSelect
          label={t('filters.status')}
          value={search.status ?? ''}
          data={[any, ...DossierStatus.options.map((s) => ({ value: s, label: t(`common:status.${s}`) }))]}
          onChange={(e) => set({ status: (e.currentTarget.value || undefined) as InboxSearch['status'] })}
        />
        <NativeSelect
          label={t('filters.procedure')}
          value={search.procedure ?? ''}
          disabled={procedures.isPending}
          data={[any, ...(procedures.data ?? []).map((p) => ({ value: p.code, label: `${p.code} — ${p.name.length > 70 ? `${p.name.slice(0, 70)}…` : p.name}` }))]}
          onChange={(e) => set({ procedure: e.currentTarget.value || undefined })}
        />
        <NativeSelect
          label={t('filters.due')}
          value={search.due ?? ''}
          data={[any, { value: 'soon', label: t('filters.dueSoon') }, { value: 'overdue', label: t('filters.overdue') }]}
          onChange={(e) => set({ due: (e.currentTarget.value || undefined) as InboxSearch['due'] })}
        />
        <TextInput type="date" label={t('filters.from')} value={search.from ?? ''} onChange={(e) => set({ from: e.currentTarget.value || undefined })} />
        <TextInput type="date" label={t('filters.to')} value={search.to ?? ''} onChange={(e) => set({ to: e.currentTarget.value || undefined })} />
      </SimpleGrid>
      {procedures.error && <ErrorAlert error={procedures.error} />}
      {filtered && (
        <Group mt="sm">
          <Button size="xs" variant="subtle" onClick={() => set({ status: undefined, procedure: undefined, due: undefined, from: undefined, to: undefined })}>
            {t('filters.clear')}
          </Button>
        </Group>
      )}
    </Paper>
  );
}

function InboxTable({ rows, me, tab }: { rows: Dossier[]; me: Me | null | undefined; tab: Tab }) {
  const { t } = useTranslation('inbox');
  const claim = useDossierAction();
  const [outcome, setOutcome] = useState<{ code: string; ok: boolean; error?: unknown } | null>(null);
  const principal = me?.active?.onBehalfOf ?? me?.sub;

  const onClaim = (code: string) => {
    setOutcome(null);
    claim.run({ code, action: 'claim', body: {} }, { onSuccess: () => setOutcome({ code, ok: true }), onError: (error) => setOutcome({ code, ok: false, error }) });
  };
  const conflict = outcome && !outcome.ok && outcome.error instanceof ApiError && outcome.error.status === 409;

  return (
    <Stack gap="sm">
      {outcome?.ok && (
        <Alert color="green" role="status" styles={{ title: { color: '#1b6b2f' } }} title={t('claimed', { code: outcome.code })}>
          {t('claimedHelp')}
        </Alert>
      )}
      {outcome && !outcome.ok && (conflict ? <ErrorAlert error={new Error(t('claimTaken', { code: outcome.code, message: (outcome.error as ApiError).message }))} /> : <ErrorAlert error={outcome.error} />)}
      {rows.length === 0 ? (
        <Text py="lg" ta="center">
          {t(`empty.${tab}`)}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={1100}>
          <Table striped highlightOnHover verticalSpacing="xs" captionSide="top">
            <Table.Caption>{t('caption', { tab: t(`tabs.${tab}`), count: rows.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('col.code')}</Table.Th>
                <Table.Th scope="col">{t('col.procedure')}</Table.Th>
                <Table.Th scope="col">{t('col.applicant')}</Table.Th>
                <Table.Th scope="col" miw={250}>{t('col.status')}</Table.Th>
                <Table.Th scope="col">{t('col.due')}</Table.Th>
                <Table.Th scope="col">{t('col.assignee')}</Table.Th>
                <Table.Th scope="col">{t('col.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((d) => (
                <Table.Tr key={d.code} data-code={d.code}>
                  <Table.Td>
                    <DossierLink code={d.code} />
                  </Table.Td>
                  <Table.Td maw={360}>
                    <Text size="sm" lineClamp={2} title={d.procedureName}>
                      {d.procedureName}
                    </Text>
                  </Table.Td>
                  <Table.Td>{d.applicant.fullName}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={d.status} />
                  </Table.Td>
                  <Table.Td>{d.status === 'awaiting_supplement' ? <Text size="sm">{t('paused')}</Text> : <DueAt dueAt={d.dueAt} overdue={d.overdue} dueSoon={d.dueSoon} />}</Table.Td>
                  <Table.Td>{d.assignee ? (d.assignee === principal ? t('me') : (d.assigneeName ?? d.assignee)) : <Text span size="sm" c="dimmed">{t('nobody')}</Text>}</Table.Td>
                  <Table.Td>
                    {allowedActions(d, me).includes('claim') ? (
                      <Button size="xs" aria-label={t('claimCode', { code: d.code })} loading={claim.isPending && claim.variables?.code === d.code} disabled={claim.isPending} onClick={() => onClaim(d.code)}>
                        {t('claim')}
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
