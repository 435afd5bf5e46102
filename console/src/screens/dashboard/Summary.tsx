import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { lazy, Suspense, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { formatDate, formatPercent, hanoiToday } from '../../format';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Loading } from '../../layout/Loading';
import { exportUrl, filtersOf, REFRESH_MS, type Catalogue, type SummaryRow } from './data';
import { Refreshed } from './Refreshed';
import { SUMMARY_GROUPS, type DashboardSearch } from './route';

// The charts' code (Mantine Charts on Recharts, its own chunk in vite.config.mts) loads only when a chart shows.
const RatesChart = lazy(() => import('./charts').then((m) => ({ default: m.RatesChart })));
const MonthsChart = lazy(() => import('./charts').then((m) => ({ default: m.MonthsChart })));

const SUMMARY = '/api/v1/reports/summary';

/** The default period: the first day of the month five months ago, to today (six months, so by month shows a trend). */
export function defaultPeriod(today = hanoiToday()): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number);
  const back = new Date(Date.UTC(y, m - 1 - 5, 1));
  return { from: back.toISOString().slice(0, 10), to: today };
}

interface Props {
  search: DashboardSearch;
  set: (patch: Partial<DashboardSearch>) => void;
  catalogue: Catalogue;
}

/** The summary (GET /reports/summary) for a period: rates by unit and received/resolved by month, each a chart and its table. */
export function Summary({ search, set, catalogue }: Props) {
  const { t, i18n } = useTranslation('dashboard');
  const period = defaultPeriod();
  const from = search.from ?? period.from;
  const to = search.to ?? period.to;
  const by = search.by ?? 'branch';
  const filters = filtersOf(search);
  const byUnit = useQuery({
    queryKey: ['reports', 'summary', by, from, to, filters],
    queryFn: async () => (await unwrap(api.GET(SUMMARY, { params: { query: { ...filters, from, to, groupBy: by } } }))) as SummaryRow[],
    refetchInterval: REFRESH_MS,
  });
  const byMonth = useQuery({
    queryKey: ['reports', 'summary', 'month', from, to, filters],
    queryFn: async () => (await unwrap(api.GET(SUMMARY, { params: { query: { ...filters, from, to, groupBy: 'month' } } }))) as SummaryRow[],
    refetchInterval: REFRESH_MS,
  });
  const ratesId = useId();
  const monthsId = useId();
  const pct = (r: number | null) => formatPercent(r, i18n.language);
  const keyName = (key: string) => (by === 'procedure' ? `${key} — ${catalogue.procedureName(key)}` : catalogue.unitName(key));
  const monthName = (key: string) => t('summary.monthLabel', { month: key.slice(5, 7), year: key.slice(0, 4) });
  // Drill-down: a unit's overdue dossiers (the list, filtered to it).
  const drill = (key: string): DashboardSearch => ({
    ...search,
    tab: 'overdue',
    ...(by === 'department' ? { departmentId: key } : by === 'procedure' ? { procedureCode: key } : { branchId: key }),
  });
  const unitRows = byUnit.data ?? [];
  const monthRows = byMonth.data ?? [];
  const rated = unitRows.filter((r) => r.onTimeRate !== null || r.rate766 !== null);
  const query = { ...filters, from, to };

  return (
    <Stack gap="lg">
      <Group align="flex-end" gap="md" wrap="wrap">
        <TextInput type="date" label={t('filters.from')} value={from} max={to} onChange={(e) => e.currentTarget.value && set({ from: e.currentTarget.value })} w={170} />
        <TextInput type="date" label={t('filters.to')} value={to} min={from} onChange={(e) => e.currentTarget.value && set({ to: e.currentTarget.value })} w={170} />
        <NativeSelect
          label={t('filters.by')}
          data={SUMMARY_GROUPS.map((g) => ({ value: g, label: t(`filters.bys.${g}`) }))}
          value={by}
          onChange={(e) => set({ by: e.currentTarget.value as DashboardSearch['by'] })}
          w={220}
        />
      </Group>
      <Group justify="space-between">
        <Text size="sm">{t('summary.period', { from: formatDate(from), to: formatDate(to) })}</Text>
        <Refreshed at={Math.max(byUnit.dataUpdatedAt, byMonth.dataUpdatedAt)} fetching={byUnit.isFetching || byMonth.isFetching} onRefresh={() => void Promise.all([byUnit.refetch(), byMonth.refetch()])} />
      </Group>

      <section aria-labelledby={ratesId}>
        <Group justify="space-between" align="flex-end" mb="xs">
          <Title order={3} size="h4" id={ratesId}>
            {t('summary.ratesTitle')}
          </Title>
          <Downloads csv={exportUrl(SUMMARY, { ...query, groupBy: by }, 'csv')} xlsx={exportUrl(SUMMARY, { ...query, groupBy: by }, 'xlsx')} csvName={t('export.unitsCsv')} xlsxName={t('export.unitsXlsx')} />
        </Group>
        <ErrorAlert error={byUnit.error} onRetry={() => void byUnit.refetch()} />
        {byUnit.isPending ? (
          <Loading label={t('summary.loading')} />
        ) : (
          <>
            {rated.length > 0 ? (
              <Suspense fallback={<Loading label={t('summary.loadingChart')} />}>
                <RatesChart
                  title={t('summary.ratesTitle')}
                  data={rated.map((r) => ({ key: r.key, name: keyName(r.key), onTimeRate: ratio(r.onTimeRate), rate766: ratio(r.rate766) }))}
                  labels={{ onTimeRate: t('summary.onTimeRate'), rate766: t('summary.rate766') }}
                  onSelect={(key) => set(drill(key))}
                />
              </Suspense>
            ) : (
              <Text size="sm" my="sm">
                {unitRows.length === 0 ? t('summary.empty') : t('summary.noRate')}
              </Text>
            )}
            <UnitTable rows={unitRows} keyName={keyName} pct={pct} drill={drill} />
          </>
        )}
      </section>

      <section aria-labelledby={monthsId}>
        <Group justify="space-between" align="flex-end" mb="xs">
          <Title order={3} size="h4" id={monthsId}>
            {t('summary.monthsTitle')}
          </Title>
          <Downloads csv={exportUrl(SUMMARY, { ...query, groupBy: 'month' }, 'csv')} xlsx={exportUrl(SUMMARY, { ...query, groupBy: 'month' }, 'xlsx')} csvName={t('export.monthsCsv')} xlsxName={t('export.monthsXlsx')} />
        </Group>
        <ErrorAlert error={byMonth.error} onRetry={() => void byMonth.refetch()} />
        {byMonth.isPending ? (
          <Loading label={t('summary.loading')} />
        ) : (
          <>
            <Suspense fallback={<Loading label={t('summary.loadingChart')} />}>
              <MonthsChart
                title={t('summary.monthsTitle')}
                data={monthRows.map((r) => ({ month: monthName(r.key), received: r.received, resolved: r.resolved }))}
                labels={{ received: t('summary.received'), resolved: t('summary.resolved') }}
              />
            </Suspense>
            <Table.ScrollContainer minWidth={500} mt="md">
              <Table striped captionSide="top" verticalSpacing="xs" data-testid="months-table">
                <Table.Caption>{t('summary.monthsCaption')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('summary.month')}</Table.Th>
                    <Table.Th scope="col">{t('summary.received')}</Table.Th>
                    <Table.Th scope="col">{t('summary.resolved')}</Table.Th>
                    <Table.Th scope="col">{t('summary.pending')}</Table.Th>
                    <Table.Th scope="col">{t('summary.onTimeRate')}</Table.Th>
                    <Table.Th scope="col">{t('summary.rate766')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {monthRows.map((r) => (
                    <Table.Tr key={r.key}>
                      <Table.Th scope="row">{monthName(r.key)}</Table.Th>
                      <Table.Td>{r.received}</Table.Td>
                      <Table.Td>{r.resolved}</Table.Td>
                      <Table.Td>{r.pending}</Table.Td>
                      <Table.Td>{pct(r.onTimeRate)}</Table.Td>
                      <Table.Td>{pct(r.rate766)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
      </section>
    </Stack>
  );
}

/** A rate as a percentage for the chart's axis (null: no bar). */
const ratio = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

function Downloads({ csv, xlsx, csvName, xlsxName }: { csv: string; xlsx: string; csvName: string; xlsxName: string }) {
  const { t } = useTranslation('dashboard');
  return (
    <Group gap="xs">
      <Button component="a" variant="light" size="xs" href={csv} download aria-label={csvName}>
        {t('export.csv')}
      </Button>
      <Button component="a" variant="light" size="xs" href={xlsx} download aria-label={xlsxName}>
        {t('export.xlsx')}
      </Button>
    </Group>
  );
}

interface UnitTableProps {
  rows: SummaryRow[];
  keyName: (key: string) => string;
  pct: (r: number | null) => string;
  drill: (key: string) => DashboardSearch;
}

/** The rates chart's numbers, and more: every unit of the summary, its name a link to its overdue dossiers. */
function UnitTable({ rows, keyName, pct, drill }: UnitTableProps) {
  const { t } = useTranslation('dashboard');
  const cols = ['received', 'carriedOver', 'resolved', 'early', 'onTime', 'late', 'pending', 'pendingOverdue'] as const;
  return (
    <Table.ScrollContainer minWidth={1000} mt="md">
      <Table striped highlightOnHover captionSide="top" verticalSpacing="xs" data-testid="units-table">
        <Table.Caption>{t('summary.ratesCaption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('summary.unit')}</Table.Th>
            {cols.map((c) => (
              <Table.Th scope="col" key={c}>
                {t(`summary.${c}`)}
              </Table.Th>
            ))}
            <Table.Th scope="col">{t('summary.onTimeRate')}</Table.Th>
            <Table.Th scope="col">{t('summary.rate766')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={cols.length + 3}>{t('summary.empty')}</Table.Td>
            </Table.Tr>
          )}
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Th scope="row" fw={400}>
                <Anchor renderRoot={(props) => <Link {...props} to="/dashboard" search={drill(r.key)} />} aria-label={t('summary.drill', { name: keyName(r.key) })}>
                  {keyName(r.key)}
                </Anchor>
              </Table.Th>
              {cols.map((c) => (
                <Table.Td key={c}>{r[c]}</Table.Td>
              ))}
              <Table.Td>{pct(r.onTimeRate)}</Table.Td>
              <Table.Td>{pct(r.rate766)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
