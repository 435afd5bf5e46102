import { Alert, Badge, Button, Card, Fieldset, Group, List, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { formatDate, formatDateTime, hanoiToday } from '../../format';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Loading } from '../../layout/Loading';
import { useAdminSearch } from './search';
import { DateField, isCivilDate, weekday } from './shared';

/** A light alert's coloured title is below AA contrast on its tinted background: the title is dark instead. */
const DARK_TITLE = { title: { color: 'var(--mantine-color-black)' } };

type CalendarLoad = components['schemas']['CalendarLoad'];
type Holidays = components['schemas']['Holidays'];

/** Calendar years: which are official and which proposed (flagged), a year's days off, and loading a notice. */
export function CalendarTab() {
  const { t } = useTranslation('admin');
  const [search, set] = useAdminSearch();
  const years = useQuery({ queryKey: ['calendar-years'], queryFn: () => unwrap(api.GET('/api/v1/calendar/years')) });
  const year = search.year ?? Number(hanoiToday().slice(0, 4));
  const [loaded, setLoaded] = useState<CalendarLoad | null>(null);

  if (years.isPending) return <Loading label={t('calendar.loadingYears')} />;
  if (years.error) return <ErrorAlert error={years.error} onRetry={() => void years.refetch()} />;
  const warned = years.data.filter((y) => y.warning);

  return (
    <Stack>
      <Text size="sm">{t('calendar.intro')}</Text>
      {warned.map((y) => (
        <Alert key={y.year} color="orange" variant="light" title={t('calendar.provisionalTitle', { year: y.year })} styles={DARK_TITLE}>
          {t('calendar.provisionalWarning', { year: y.year })}
        </Alert>
      ))}
      {loaded && <LoadResult result={loaded} onClose={() => setLoaded(null)} />}
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover captionSide="top">
          <Table.Caption>{t('calendar.yearsCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('calendar.year')}</Table.Th>
              <Table.Th scope="col" miw={120}>
                {t('calendar.status')}
              </Table.Th>
              <Table.Th scope="col">{t('calendar.source')}</Table.Th>
              <Table.Th scope="col" miw={110}>
                {t('calendar.loadedAt')}
              </Table.Th>
              <Table.Th scope="col" miw={150}>
                {t('calendar.actions')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {years.data.map((y) => (
              <Table.Tr key={y.year} aria-current={y.year === year ? 'true' : undefined} bg={y.year === year ? 'var(--mantine-color-blue-light)' : undefined}>
                <Table.Th scope="row">{y.year}</Table.Th>
                <Table.Td>
                  <YearStatus status={y.status} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {y.loadedAt ? y.source : t('calendar.proposedSource')}
                  </Text>
                </Table.Td>
                <Table.Td>{y.loadedAt ? formatDateTime(y.loadedAt) : '—'}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant={y.year === year ? 'filled' : 'light'} onClick={() => set({ year: y.year })} aria-label={t('calendar.showYear', { year: y.year })}>
                    {t('calendar.show')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <YearDetail key={year} year={year} onLoaded={setLoaded} />
    </Stack>
  );
}

function YearStatus({ status }: { status: 'official' | 'provisional' }) {
  const { t } = useTranslation('admin');
  return (
    <Badge color={status === 'official' ? 'green' : 'orange'} variant="light" styles={{ label: { color: 'var(--mantine-color-black)' } }}>
      {t(`calendar.statusOf.${status}`)}
    </Badge>
  );
}

/** One year's days off and make-up working days (as loaded, or as proposed), and the form to load its notice. */
function YearDetail({ year, onLoaded }: { year: number; onLoaded: (r: CalendarLoad) => void }) {
  const { t, i18n } = useTranslation('admin');
  const [editing, setEditing] = useState(false);
  const days = useQuery({
    queryKey: ['calendar-holidays', year],
    queryFn: () => unwrap(api.GET('/api/v1/calendar/holidays', { params: { query: { year } } })),
  });
  return (
    <Card withBorder component="section" aria-labelledby="calendar-year-title">
      <Stack>
        <Group justify="space-between">
          <Title order={3} size="h4" id="calendar-year-title">
            {t('calendar.yearTitle', { year })}
          </Title>
          {days.data && <YearStatus status={days.data.status} />}
        </Group>
        {days.isPending && <Loading label={t('calendar.loadingDays', { year })} />}
        {days.error && <ErrorAlert error={days.error} onRetry={() => void days.refetch()} />}
        {days.data && (
          <>
            <Text size="sm">
              {t('calendar.sourceIs')} {days.data.source}
            </Text>
            <Table striped captionSide="top">
              <Table.Caption>{t('calendar.daysOffCaption', { year, count: days.data.holidays.length })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('calendar.date')}</Table.Th>
                  <Table.Th scope="col">{t('calendar.weekday')}</Table.Th>
                  <Table.Th scope="col">{t('calendar.name')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {days.data.holidays.map((h) => (
                  <Table.Tr key={h.date}>
                    <Table.Td>{formatDate(h.date)}</Table.Td>
                    <Table.Td>{weekday(h.date, i18n.language)}</Table.Td>
                    <Table.Td>{h.name}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="sm">
              {t('calendar.makeUpDays')}{' '}
              {days.data.makeUpWorkingDays.length ? days.data.makeUpWorkingDays.map((d) => `${formatDate(d)} (${weekday(d, i18n.language)})`).join('; ') : t('common:none')}
            </Text>
            {editing ? (
              <NoticeForm
                year={year}
                current={days.data}
                onCancel={() => setEditing(false)}
                onDone={(r) => {
                  setEditing(false);
                  onLoaded(r);
                }}
              />
            ) : (
              <Group>
                <Button onClick={() => setEditing(true)}>{t('calendar.loadNotice', { year })}</Button>
              </Group>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

interface Row {
  key: number;
  date: string;
  name: string;
}

let nextKey = 1;
const row = (date = '', name = ''): Row => ({ key: nextKey++, date, name });

type RowErrors = Record<number, { date?: string; name?: string }>;

/** The notice's days, checked here in words before they are sent (the API checks them again). */
function validate(year: number, holidays: Row[], makeUps: Row[], source: string, t: (k: string, o?: Record<string, unknown>) => string) {
  const errors: RowErrors = {};
  const check = (rows: Row[], others: Set<string>, otherMessage: string) => {
    const seen = new Set<string>();
    for (const r of rows) {
      const e: { date?: string; name?: string } = {};
      if (!r.date) e.date = t('calendar.errors.dateRequired');
      else if (!isCivilDate(r.date)) e.date = t('calendar.errors.dateInvalid');
      else if (!r.date.startsWith(`${year}-`)) e.date = t('calendar.errors.dateOutOfYear', { year });
      else if (seen.has(r.date)) e.date = t('calendar.errors.duplicate');
      else if (others.has(r.date)) e.date = otherMessage;
      if (!r.name.trim()) e.name = t('calendar.errors.nameRequired');
      if (r.date) seen.add(r.date);
      if (e.date || e.name) errors[r.key] = e;
    }
  };
  check(holidays, new Set(), '');
  check(makeUps, new Set(holidays.map((h) => h.date)), t('calendar.errors.makeUpIsDayOff'));
  const general: string[] = [];
  if (holidays.length === 0) general.push(t('calendar.errors.noDaysOff'));
  if (!source.trim()) general.push(t('calendar.errors.sourceRequired'));
  return { errors, general, ok: Object.keys(errors).length === 0 && general.length === 0 };
}

/** Load a notice (PUT /api/v1/calendar/years/{year}): days off and make-up working days, with rows to add and remove. */
function NoticeForm({ year, current, onCancel, onDone }: { year: number; current: Holidays; onCancel: () => void; onDone: (r: CalendarLoad) => void }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const [holidays, setHolidays] = useState<Row[]>(() => current.holidays.map((h) => row(h.date, h.name)));
  const [makeUps, setMakeUps] = useState<Row[]>(() => current.makeUpWorkingDays.map((d) => row(d, '')));
  const [source, setSource] = useState(current.status === 'official' ? current.source : '');
  const [touched, setTouched] = useState(false);
  const check = validate(year, holidays, makeUps, source, t);
  const put = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/api/v1/calendar/years/{year}', {
          params: { path: { year } },
          body: {
            holidays: [...holidays].sort((a, b) => a.date.localeCompare(b.date)).map((h) => ({ date: h.date, name: h.name.trim() })),
            makeUpWorkingDays: [...makeUps].sort((a, b) => a.date.localeCompare(b.date)).map((m) => ({ date: m.date, name: m.name.trim() })),
            source: source.trim(),
          },
        }),
      ),
    onSuccess: async (r) => {
      await Promise.all([qc.invalidateQueries({ queryKey: ['calendar-years'] }), qc.invalidateQueries({ queryKey: ['calendar-holidays', year] })]);
      onDone(r);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (check.ok) put.mutate();
  };
  const shown = touched ? check : { errors: {} as RowErrors, general: [] as string[] };
  const rowsOf = (rows: Row[], setRows: (f: (rows: Row[]) => Row[]) => void, kind: 'dayOff' | 'makeUp') =>
    rows.map((r, i) => (
      <Group key={r.key} align="flex-start" wrap="wrap">
        <DateField
          label={t(`calendar.${kind}Date`, { n: i + 1 })}
          value={r.date}
          min={`${year}-01-01`}
          max={`${year}-12-31`}
          required
          error={shown.errors[r.key]?.date}
          onChange={(e) => {
            const date = e.currentTarget.value;
            setRows((rs) => rs.map((x) => (x.key === r.key ? { ...x, date } : x)));
          }}
        />
        <TextInput
          label={t(`calendar.${kind}Name`, { n: i + 1 })}
          value={r.name}
          required
          maxLength={200}
          style={{ flex: 1, minWidth: 220 }}
          error={shown.errors[r.key]?.name}
          onChange={(e) => {
            const name = e.currentTarget.value;
            setRows((rs) => rs.map((x) => (x.key === r.key ? { ...x, name } : x)));
          }}
        />
        <Button variant="subtle" color="red" mt={26} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))} aria-label={t(`calendar.${kind}Remove`, { n: i + 1 })}>
          {t('calendar.remove')}
        </Button>
      </Group>
    ));

  return (
    <form onSubmit={submit} noValidate aria-labelledby="notice-title">
      <Stack>
        <Title order={4} size="h5" id="notice-title">
          {t('calendar.noticeTitle', { year })}
        </Title>
        <Text size="sm">{t('calendar.noticeIntro')}</Text>
        <Fieldset legend={t('calendar.daysOffLegend')}>
          <Stack gap="xs">
            {rowsOf(holidays, setHolidays, 'dayOff')}
            <Group>
              <Button variant="light" onClick={() => setHolidays((rs) => [...rs, row()])}>
                {t('calendar.addDayOff')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
        <Fieldset legend={t('calendar.makeUpLegend')}>
          <Stack gap="xs">
            {makeUps.length === 0 && <Text size="sm">{t('calendar.noMakeUp')}</Text>}
            {rowsOf(makeUps, setMakeUps, 'makeUp')}
            <Group>
              <Button variant="light" onClick={() => setMakeUps((rs) => [...rs, row()])}>
                {t('calendar.addMakeUp')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
        <Textarea
          label={t('calendar.noticeSource')}
          description={t('calendar.noticeSourceHint')}
          value={source}
          required
          maxLength={2000}
          autosize
          minRows={2}
          error={touched && !source.trim() ? t('calendar.errors.sourceRequired') : undefined}
          onChange={(e) => setSource(e.currentTarget.value)}
        />
        {shown.general.length > 0 || Object.keys(shown.errors).length > 0 ? (
          <Alert color="red" variant="light" role="alert" title={t('calendar.errors.title')} styles={DARK_TITLE}>
            <List size="sm">
              {shown.general.map((g) => (
                <List.Item key={g}>{g}</List.Item>
              ))}
              {Object.keys(shown.errors).length > 0 && <List.Item>{t('calendar.errors.rows', { count: Object.keys(shown.errors).length })}</List.Item>}
            </List>
          </Alert>
        ) : null}
        {put.error && <ErrorAlert error={put.error} />}
        <Group>
          <Button type="submit" loading={put.isPending}>
            {t('calendar.submitNotice', { year })}
          </Button>
          <Button variant="default" onClick={onCancel} disabled={put.isPending}>
            {t('common:cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** What the API answered: the year official, the new and dropped days off, the fan-out to open dossiers. */
function LoadResult({ result, onClose }: { result: CalendarLoad; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const dates = (ds: string[]) => (ds.length ? ds.map(formatDate).join(', ') : t('common:none'));
  return (
    <Alert color="green" variant="light" role="status" styles={DARK_TITLE} title={t('calendar.loaded.title', { year: result.year })} withCloseButton closeButtonLabel={t('common:close')} onClose={onClose}>
      <List size="sm">
        <List.Item>{t('calendar.loaded.before', { status: t(`calendar.statusOf.${result.previousStatus}`) })}</List.Item>
        <List.Item>
          {t('calendar.loaded.newDaysOff')} {dates(result.newDaysOff)}
        </List.Item>
        <List.Item>
          {t('calendar.loaded.droppedDaysOff')} {dates(result.droppedDaysOff)}
        </List.Item>
        <List.Item>{result.fanOutWorkflowId ? t('calendar.loaded.fanOut', { id: result.fanOutWorkflowId }) : t('calendar.loaded.noFanOut')}</List.Item>
      </List>
    </Alert>
  );
}
