import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { DossierLink } from '../../components/DossierLink';
import { DueAt } from '../../components/DueAt';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime } from '../../format';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Loading } from '../../layout/Loading';
import { exportUrl, filtersOf, REFRESH_MS, type Catalogue, type ReportFilters, type RunningRow } from './data';
import { Refreshed } from './Refreshed';
import type { DashboardSearch } from './route';

const PATH = { overdue: '/api/v1/reports/overdue', dueSoon: '/api/v1/reports/due-soon' } as const;
type Kind = keyof typeof PATH;

/** One page of a list, and the cursor of the next (the API's X-Next-Cursor header). */
async function fetchPage(kind: Kind, filters: ReportFilters, cursor: string | undefined): Promise<{ rows: RunningRow[]; next: string | null }> {
  const query = { ...filters, ...(cursor ? { cursor } : {}) };
  // JSON here (no format=): the other content types the document lists are the downloads'.
  const call: Promise<{ data?: unknown; error?: unknown; response: Response }> =
    kind === 'overdue' ? api.GET(PATH.overdue, { params: { query } }) : api.GET(PATH.dueSoon, { params: { query } });
  let next: string | null = null;
  const rows = (await unwrap(
    call.then((r) => {
      next = r.response.headers.get('X-Next-Cursor');
      return r;
    }),
  )) as RunningRow[];
  return { rows, next };
}

interface Props {
  kind: Kind;
  search: DashboardSearch;
  set: (patch: Partial<DashboardSearch>) => void;
  catalogue: Catalogue;
}

/** The overdue or due-soon list with the filters of the URL, grouped as asked, a page at a time, downloadable. */
export function RunningList({ kind, search, set, catalogue }: Props) {
  const { t } = useTranslation('dashboard');
  const filters = filtersOf(search);
  const q = useInfiniteQuery({
    queryKey: ['reports', kind, filters],
    queryFn: ({ pageParam }) => fetchPage(kind, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    refetchInterval: REFRESH_MS,
  });
  const rows = q.data?.pages.flatMap((p) => p.rows) ?? [];
  const group = search.group ?? 'none';
  const keyOf = (r: RunningRow): string =>
    group === 'unit' ? r.receivingBranchId : group === 'branch' ? catalogue.branchOf(r.receivingBranchId) : group === 'department' ? r.departmentId : '';
  const groups = new Map<string, RunningRow[]>();
  for (const r of rows) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  const columns = 7;
  const drillTo = (key: string): Partial<DashboardSearch> => (group === 'department' ? { departmentId: key, group: undefined } : { branchId: key, group: undefined });

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Refreshed at={q.dataUpdatedAt} fetching={q.isFetching} onRefresh={() => void q.refetch()} />
        <Group gap="xs">
          <Button component="a" variant="light" size="xs" href={exportUrl(PATH[kind], { ...filters }, 'csv')} download aria-label={t(`export.${kind}Csv`)}>
            {t('export.csv')}
          </Button>
          <Button component="a" variant="light" size="xs" href={exportUrl(PATH[kind], { ...filters }, 'xlsx')} download aria-label={t(`export.${kind}Xlsx`)}>
            {t('export.xlsx')}
          </Button>
        </Group>
      </Group>
      <Text size="xs" c="dimmed">
        {t('export.note')}
      </Text>
      <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      {q.isPending ? (
        <Loading label={t('list.loading')} />
      ) : (
        <Table.ScrollContainer minWidth={1200}>
          <Table striped highlightOnHover captionSide="top" verticalSpacing="xs">
            <Table.Caption>{t(kind === 'overdue' ? 'list.overdueCaption' : 'list.dueSoonCaption', { count: rows.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('list.code')}</Table.Th>
                <Table.Th scope="col">{t('list.procedure')}</Table.Th>
                <Table.Th scope="col">{t('list.receivedAt')}</Table.Th>
                <Table.Th scope="col">{t('list.department')}</Table.Th>
                <Table.Th scope="col" miw={250}>
                  {t('list.status')}
                </Table.Th>
                <Table.Th scope="col" miw={160}>
                  {t('list.dueAt')}
                </Table.Th>
                <Table.Th scope="col">{t(kind === 'overdue' ? 'list.overdueDays' : 'list.hoursLeft')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            {rows.length === 0 ? (
              <Table.Tbody>
                <Table.Tr>
                  <Table.Td colSpan={columns}>{t('list.empty')}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            ) : (
              [...groups].map(([key, members]) => (
                <Table.Tbody key={key || 'all'}>
                  {group !== 'none' && (
                    <Table.Tr bg="var(--mantine-color-gray-1)">
                      <Table.Th scope="rowgroup" colSpan={columns}>
                        <Group justify="space-between">
                          <span>{t('list.groupRow', { name: catalogue.unitName(key), count: members.length })}</span>
                          <Button size="compact-xs" variant="subtle" onClick={() => set(drillTo(key))}>
                            {t('list.filterGroup', { name: catalogue.unitName(key) })}
                          </Button>
                        </Group>
                      </Table.Th>
                    </Table.Tr>
                  )}
                  {members.map((r) => (
                    <Table.Tr key={r.code}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <DossierLink code={r.code} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" lineClamp={2} title={catalogue.procedureName(r.procedureCode)}>
                          {r.procedureCode} — {catalogue.procedureName(r.procedureCode)}
                        </Text>
                      </Table.Td>
                      <Table.Td>{catalogue.unitName(r.receivingBranchId)}</Table.Td>
                      <Table.Td>{catalogue.unitName(r.departmentId)}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={r.status} />
                      </Table.Td>
                      <Table.Td>
                        <DueAt dueAt={r.dueAt} overdue={kind === 'overdue'} dueSoon={kind === 'dueSoon'} />
                        {r.rescheduledDueAt && (
                          <Text size="xs" c="dimmed">
                            {t('list.rescheduled', { at: formatDateTime(r.rescheduledDueAt) })}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{kind === 'overdue' ? r.overdueWorkingDays : r.workingHoursLeft}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              ))
            )}
          </Table>
        </Table.ScrollContainer>
      )}
      {q.hasNextPage && (
        <Group>
          <Button variant="default" onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
            {q.isFetchingNextPage ? t('list.loadingMore') : t('list.more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
