import { Alert, Badge, Button, Checkbox, Group, NativeSelect, Pagination, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { DossierLink } from '../../components/DossierLink';
import { DueAt } from '../../components/DueAt';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../format';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Loading } from '../../layout/Loading';
import { PAGE_LIMIT, useOpenDossiers, usePressKey, type DossierItem, type Staff } from './data';
import { leaderRoute, OPEN_STATUSES, UNASSIGNED, type OpenStatus } from './route';

const ROWS_PER_PAGE = 25;

export type BulkOutcome = { action: 'reassign' | 'release'; assignee?: string; results: { code: string; status: number; error?: { code: string; message: string } }[] };

/** Overdue first, then due soon, then by appointment. */
function byUrgency(a: DossierItem, b: DossierItem): number {
  return Number(b.overdue) - Number(a.overdue) || Number(b.dueSoon) - Number(a.dueSoon) || a.dueAt.localeCompare(b.dueAt) || a.code.localeCompare(b.code);
}

/** The unit's open dossiers with their assignees, filterable in the URL, and their bulk reassignment or release. */
export function OpenDossiers({
  unitId,
  officers,
  staffPending,
  staffError,
  away,
  nameOf,
}: {
  unitId: string;
  officers: Staff[];
  staffPending: boolean;
  staffError: unknown;
  away: Map<string, { until: string; to: string }>;
  nameOf: (id?: string) => string;
}) {
  const { t } = useTranslation('leader');
  const search = leaderRoute.useSearch();
  const navigate = useNavigate({ from: leaderRoute.fullPath });
  const statuses: readonly OpenStatus[] = search.status ? [search.status] : OPEN_STATUSES;
  const open = useOpenDossiers(unitId, statuses, search.overdue);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const words = search.q?.trim().toLocaleLowerCase('vi') ?? '';

  const filtered = useMemo(
    () =>
      open.items
        .filter((d) => !search.assignee || (search.assignee === UNASSIGNED ? !d.assignee : d.assignee === search.assignee))
        .filter((d) => !words || [d.code, d.applicant.fullName, d.procedureName].some((x) => x.toLocaleLowerCase('vi').includes(words)))
        .sort(byUrgency),
    [open.items, search.assignee, words],
  );
  const workload = useMemo(() => {
    const n = new Map<string, number>();
    if (!search.status && !search.overdue) for (const d of open.items) if (d.assignee) n.set(d.assignee, (n.get(d.assignee) ?? 0) + 1);
    return n;
  }, [open.items, search.status, search.overdue]);
  const pages = Math.max(1, Math.ceil(filtered.length / ROWS_PER_PAGE));
  const page = Math.min(search.page ?? 1, pages);
  const rows = filtered.slice((page - 1) * ROWS_PER_PAGE, page * ROWS_PER_PAGE);
  const pageCodes = rows.map((d) => d.code);
  const allOnPage = pageCodes.length > 0 && pageCodes.every((c) => selected.has(c));
  const someOnPage = pageCodes.some((c) => selected.has(c));

  const setSearch = (change: Partial<typeof search>) => void navigate({ search: (prev) => ({ ...prev, ...change, page: undefined }) });
  const toggle = (code: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(code);
      else next.delete(code);
      return next;
    });

  const assigneeChoices = [
    { value: '', label: t('open.anyone') },
    { value: UNASSIGNED, label: t('unassigned') },
    ...officers.map((s) => ({ value: s.id, label: s.name })),
    // Someone who holds dossiers but is no longer among the unit's people today still gets filtered by.
    ...[...new Set(open.items.map((d) => d.assignee).filter((a): a is string => Boolean(a) && !officers.some((s) => s.id === a)))].map((id) => ({ value: id, label: nameOf(id) })),
  ];

  return (
    <Stack gap="md">
      <Paper withBorder p="sm" component="section" aria-labelledby="leader-filters">
        <Title order={3} size="h5" id="leader-filters" mb="xs">
          {t('open.filters')}
        </Title>
        <Group align="flex-end" gap="md">
          <TextInput
            label={t('open.text')}
            type="search"
            defaultValue={search.q ?? ''}
            onChange={(e) => {
              const q = e.currentTarget.value;
              void navigate({ search: (prev) => ({ ...prev, q: q.trim() ? q : undefined, page: undefined }), replace: true });
            }}
          />
          <NativeSelect
            label={t('open.statusFilter')}
            value={search.status ?? ''}
            data={[{ value: '', label: t('open.allOpen') }, ...OPEN_STATUSES.map((s) => ({ value: s, label: t(`common:status.${s}`) }))]}
            onChange={(e) => setSearch({ status: (e.currentTarget.value || undefined) as OpenStatus | undefined })}
          />
          <NativeSelect label={t('open.assigneeFilter')} value={search.assignee ?? ''} data={assigneeChoices} onChange={(e) => setSearch({ assignee: e.currentTarget.value || undefined })} />
          <Checkbox label={t('open.overdueOnly')} checked={search.overdue ?? false} onChange={(e) => setSearch({ overdue: e.currentTarget.checked || undefined })} mb={8} />
          {(search.status || search.assignee || search.overdue) && (
            <Button variant="subtle" onClick={() => setSearch({ status: undefined, assignee: undefined, overdue: undefined })}>
              {t('open.clearFilters')}
            </Button>
          )}
        </Group>
      </Paper>

      <BulkBar
        selected={[...selected]}
        officers={officers}
        staffPending={staffPending}
        staffError={staffError}
        away={away}
        workload={workload}
        onClear={() => setSelected(new Set())}
        onDone={(o) => {
          setOutcome(o);
          // What succeeded has moved on; what failed stays selected, to try again or look into.
          setSelected(new Set(o.results.filter((r) => r.status !== 200).map((r) => r.code)));
          void open.refetch();
        }}
      />

      {outcome && <BulkResults outcome={outcome} nameOf={nameOf} onClose={() => setOutcome(null)} />}

      {open.error ? (
        <ErrorAlert error={open.error} onRetry={() => void open.refetch()} />
      ) : open.isPending ? (
        <Loading label={t('open.loading')} />
      ) : (
        <>
          {open.truncated && (
            <Alert color="yellow" variant="light">
              {t('open.truncated', { limit: PAGE_LIMIT })}
            </Alert>
          )}
          <Table.ScrollContainer minWidth={1000}>
            <Table striped highlightOnHover captionSide="top">
              <Table.Caption>{t('open.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" w={40}>
                    <Checkbox
                      aria-label={t('open.selectAll')}
                      checked={allOnPage}
                      indeterminate={someOnPage && !allOnPage}
                      disabled={pageCodes.length === 0}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setSelected((prev) => {
                          const next = new Set(prev);
                          for (const c of pageCodes) {
                            if (on) next.add(c);
                            else next.delete(c);
                          }
                          return next;
                        });
                      }}
                    />
                  </Table.Th>
                  <Table.Th scope="col">{t('code')}</Table.Th>
                  <Table.Th scope="col">{t('procedure')}</Table.Th>
                  <Table.Th scope="col">{t('status')}</Table.Th>
                  <Table.Th scope="col">{t('assignee')}</Table.Th>
                  <Table.Th scope="col">{t('dueAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={6}>
                      <Text size="sm">{t('open.empty')}</Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {rows.map((d) => (
                  <Table.Tr key={d.code} data-code={d.code} aria-selected={selected.has(d.code)}>
                    <Table.Td>
                      <Checkbox aria-label={t('open.select', { code: d.code })} checked={selected.has(d.code)} onChange={(e) => toggle(d.code, e.currentTarget.checked)} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <DossierLink code={d.code} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{d.procedureName}</Text>
                    </Table.Td>
                    <Table.Td style={{ minWidth: 260 }}>
                      <StatusBadge status={d.status} />
                    </Table.Td>
                    <Table.Td>
                      {d.assignee ? nameOf(d.assignee) : <Text span size="sm" c="dimmed">{t('unassigned')}</Text>}
                      {d.assignee && away.has(d.assignee) && (
                        <Badge ml="xs" color="yellow" variant="light" autoContrast styles={{ label: { color: 'var(--mantine-color-black)' } }}>
                          {t('open.away', { until: formatDate(away.get(d.assignee)!.until) })}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <DueAt dueAt={d.dueAt} overdue={d.overdue} dueSoon={d.dueSoon} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between">
            <Text size="sm" aria-live="polite">
              {filtered.length > 0 && t('open.shown', { from: (page - 1) * ROWS_PER_PAGE + 1, to: (page - 1) * ROWS_PER_PAGE + rows.length, total: filtered.length })}
            </Text>
            {pages > 1 && (
              <nav aria-label={t('open.pages')}>
                <Pagination total={pages} value={page} onChange={(p) => void navigate({ search: (prev) => ({ ...prev, page: p === 1 ? undefined : p }) })} />
              </nav>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}

/** The selection's bulk actions: reassign to one officer, or release to the unit's queue; a reason either way. */
function BulkBar({
  selected,
  officers,
  staffPending,
  staffError,
  away,
  workload,
  onClear,
  onDone,
}: {
  selected: string[];
  officers: Staff[];
  staffPending: boolean;
  staffError: unknown;
  away: Map<string, { until: string; to: string }>;
  workload: Map<string, number>;
  onClear: () => void;
  onDone: (o: BulkOutcome) => void;
}) {
  const { t } = useTranslation('leader');
  const qc = useQueryClient();
  const press = usePressKey();
  const [assignee, setAssignee] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const bulk = useMutation({
    mutationFn: async (action: 'reassign' | 'release') => {
      const codes = [...selected];
      const body = action === 'reassign' ? { codes, assignee, reason: reason.trim() } : { codes, reason: reason.trim() };
      const header = { 'Idempotency-Key': press.keyFor([action, body]) };
      const results =
        action === 'reassign'
          ? await unwrap(api.POST('/api/v1/dossiers/bulk/reassign', { params: { header }, body: body as { codes: string[]; assignee: string; reason: string } }))
          : await unwrap(api.POST('/api/v1/dossiers/bulk/release', { params: { header }, body }));
      return { action, assignee: action === 'reassign' ? assignee : undefined, results } satisfies BulkOutcome;
    },
    onSuccess: (o) => {
      press.done();
      void qc.invalidateQueries({ queryKey: ['dossiers'] });
      void qc.invalidateQueries({ queryKey: ['tasks'] });
      onDone(o);
    },
  });

  const run = (action: 'reassign' | 'release') => {
    if (action === 'reassign' && !assignee) return setProblem(t('bulk.needAssignee'));
    if (!reason.trim()) return setProblem(t('bulk.needReason'));
    setProblem(null);
    bulk.mutate(action);
  };

  const labelOf = (s: Staff) => {
    const parts = [t('open.workload', { count: workload.get(s.id) ?? 0 })];
    const a = away.get(s.id);
    if (a) parts.push(t('open.away', { until: formatDate(a.until) }));
    return `${s.name} (${parts.join(', ')})`;
  };

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="leader-bulk">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" id="leader-bulk">
          {t('bulk.title')}
        </Title>
        <Group gap="xs">
          <Text size="sm" fw={700} aria-live="polite">
            {t('bulk.selected', { count: selected.length })}
          </Text>
          {selected.length > 0 && (
            <Button size="xs" variant="subtle" onClick={onClear}>
              {t('bulk.clearSelection')}
            </Button>
          )}
        </Group>
      </Group>
      {selected.length === 0 ? (
        <Text size="sm">{t('bulk.noneSelected')}</Text>
      ) : (
        <Stack gap="sm">
          {staffError ? <ErrorAlert error={staffError} /> : null}
          <Group align="flex-start" grow>
            <NativeSelect
              label={t('bulk.newAssignee')}
              value={assignee}
              disabled={staffPending}
              description={staffPending ? t('bulk.staffLoading') : undefined}
              data={[{ value: '', label: t('bulk.pickAssignee') }, ...officers.map((s) => ({ value: s.id, label: labelOf(s) }))]}
              onChange={(e) => {
                setAssignee(e.currentTarget.value);
                setProblem(null);
              }}
            />
            <Textarea label={t('bulk.reason')} placeholder={t('bulk.reasonPlaceholder')} required autosize minRows={1} maxLength={4000} value={reason} onChange={(e) => {
                setReason(e.currentTarget.value);
                setProblem(null);
              }} />
          </Group>
          {problem && (
            <Text size="sm" c="red.9" role="alert">
              {problem}
            </Text>
          )}
          {bulk.error && <ErrorAlert error={bulk.error} onRetry={() => bulk.variables && run(bulk.variables)} />}
          <Group>
            <Button onClick={() => run('reassign')} loading={bulk.isPending && bulk.variables === 'reassign'} disabled={bulk.isPending}>
              {t('bulk.reassign', { count: selected.length })}
            </Button>
            <Button variant="default" onClick={() => run('release')} loading={bulk.isPending && bulk.variables === 'release'} disabled={bulk.isPending}>
              {t('bulk.release', { count: selected.length })}
            </Button>
            {bulk.isPending && (
              <Text size="sm" role="status">
                {t('bulk.working')}
              </Text>
            )}
          </Group>
        </Stack>
      )}
    </Paper>
  );
}

/** Each dossier's result of a bulk action: done, or why not, in words. */
function BulkResults({ outcome, nameOf, onClose }: { outcome: BulkOutcome; nameOf: (id?: string) => string; onClose: () => void }) {
  const { t } = useTranslation('leader');
  const ok = outcome.results.filter((r) => r.status === 200).length;
  const failed = outcome.results.length - ok;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="leader-results" role="region">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" id="leader-results">
          {outcome.action === 'reassign' ? t('results.reassignTitle', { name: nameOf(outcome.assignee) }) : t('results.releaseTitle')}
        </Title>
        <Button size="xs" variant="subtle" onClick={onClose}>
          {t('results.close')}
        </Button>
      </Group>
      <Text size="sm" mb="xs" role="status">
        {t('results.summary', { ok, failed })}
      </Text>
      <Table captionSide="top">
        <Table.Caption>{t('results.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('code')}</Table.Th>
            <Table.Th scope="col">{t('results.result')}</Table.Th>
            <Table.Th scope="col">{t('results.reason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {outcome.results.map((r) => (
            <Table.Tr key={r.code} data-code={r.code}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <DossierLink code={r.code} />
              </Table.Td>
              <Table.Td>
                <Badge color={r.status === 200 ? 'green' : 'red'} variant="light" autoContrast styles={{ label: { color: 'var(--mantine-color-black)' } }}>
                  {r.status === 200 ? t('results.ok') : t('results.failed')}
                </Badge>
              </Table.Td>
              <Table.Td>
                {r.error ? (
                  <Stack gap={0}>
                    <Text size="sm">{t(`common:errors.${r.error.code}`, { defaultValue: r.error.code })}</Text>
                    <Text size="xs">{t('common:apiSaid', { message: r.error.message, code: r.error.code })}</Text>
                  </Stack>
                ) : (
                  '—'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
