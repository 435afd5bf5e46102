import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useUnitNames } from '../../api/units';
import { useMe } from '../../auth/session';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Loading } from '../../layout/Loading';
import { useCounterCatalogue } from './catalogue';
import { Outcome, type ReceptionOutcome } from './Outcome';
import { ReceptionForm } from './ReceptionForm';

/** At most this many procedures are listed for a search (the catalogue has dozens; the counter needs a few). */
const MAX_SHOWN = 8;

/** Lower case, without Vietnamese diacritics (đ → d): "Đăng ký" and "dang ky" find the same procedure. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/**
 * The clerk's counter (issue 11 item 2): find a dossier by code; choose the procedure; then the form of
 * ReceptionForm and its three outcomes (receive → Form 01; guidance → Form 02; refusal → Form 03).
 */
export function ReceptionScreen() {
  const { t } = useTranslation('reception');
  const me = useMe().data;
  const active = me?.active;
  if (!active || active.role !== 'clerk') {
    return (
      <Stack>
        <Title order={2}>{t('title')}</Title>
        <Alert color="yellow" role="status">
          {t('notClerk')}
        </Alert>
      </Stack>
    );
  }
  return <ClerkReception unitId={active.unitId} />;
}

function ClerkReception({ unitId }: { unitId: string }) {
  const { t } = useTranslation('reception');
  const search = useSearch({ from: '/staff/reception' });
  const navigate = useNavigate({ from: '/reception' });
  const unitName = useUnitNames();
  const [outcome, setOutcome] = useState<ReceptionOutcome | null>(null);
  // Bumped by "receive the next one": a fresh form for the same procedure.
  const [round, setRound] = useState(0);

  const { procedures, branches, offers, offered, error: loadError, refetch } = useCounterCatalogue(unitId);

  const chosen = procedures.data?.find((p) => p.code === search.procedure);
  const setSearch = (next: { q?: string; procedure?: string }) => void navigate({ search: (s) => ({ ...s, ...next }), replace: true });

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="baseline">
        <Title order={2}>{t('title')}</Title>
        <Text size="sm" c="dimmed">
          {t('atUnit', { unit: unitName(unitId) })}
        </Text>
      </Group>
      <FindDossier />
      {loadError ? (
        <ErrorAlert error={loadError} onRetry={refetch} />
      ) : !procedures.data || !branches.data || !offers.data ? (
        <Loading label={t('loadingCatalogue')} />
      ) : outcome ? (
        <Outcome
          outcome={outcome}
          onNext={() => {
            setOutcome(null);
            setRound((r) => r + 1);
          }}
        />
      ) : (
        <>
          <Paper withBorder p="md" component="section" aria-labelledby="find-procedure">
            <Title order={3} size="h4" id="find-procedure" mb="sm">
              {t('find.title')}
            </Title>
            {chosen ? (
              <Group justify="space-between">
                <Text>
                  <Badge variant="light" mr="xs" styles={{ label: { color: 'var(--mantine-color-black)' } }}>
                    {t('find.chosen')}
                  </Badge>
                  <Text span ff="monospace">
                    {chosen.code}
                  </Text>{' '}
                  — {chosen.name}
                </Text>
                <Button variant="default" onClick={() => setSearch({ procedure: undefined })}>
                  {t('find.change')}
                </Button>
              </Group>
            ) : (
              <ProcedureFinder
                q={search.q ?? ''}
                procedures={procedures.data}
                offered={offered}
                onQuery={(q) => setSearch({ q: q || undefined })}
                onChoose={(code) => setSearch({ procedure: code })}
              />
            )}
          </Paper>
          {chosen && (
            <ReceptionForm
              key={`${chosen.code}#${round}`}
              procedure={chosen}
              unitId={unitId}
              branches={branches.data}
              offeredHere={offers.data.operating && offered.has(chosen.code)}
              branchOperating={offers.data.operating}
              onDone={setOutcome}
            />
          )}
        </>
      )}
    </Stack>
  );
}

type Procedure = components['schemas']['Procedure'];

function ProcedureFinder({ q, procedures, offered, onQuery, onChoose }: { q: string; procedures: Procedure[]; offered: Set<string>; onQuery: (q: string) => void; onChoose: (code: string) => void }) {
  const { t } = useTranslation('reception');
  const needle = fold(q.trim());
  const matches = needle ? procedures.filter((p) => fold(p.code).includes(needle) || fold(p.name).includes(needle)) : [];
  const shown = matches.slice(0, MAX_SHOWN);
  return (
    <Stack gap="sm">
      <TextInput label={t('find.label')} placeholder={t('find.placeholder')} value={q} onChange={(e) => onQuery(e.currentTarget.value)} autoComplete="off" />
      {!needle ? (
        <Text size="sm" c="dimmed">
          {t('find.captionAll', { count: procedures.length })}
        </Text>
      ) : shown.length === 0 ? (
        <Text size="sm" role="status">
          {t('find.none', { q })}
        </Text>
      ) : (
        <>
          <Table striped highlightOnHover>
            <Table.Caption>{t('find.caption', { q, max: MAX_SHOWN })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('find.code')}</Table.Th>
                <Table.Th scope="col">{t('find.name')}</Table.Th>
                <Table.Th scope="col">{t('find.here')}</Table.Th>
                <Table.Th scope="col">{t('find.action')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((p) => (
                <Table.Tr key={p.code}>
                  <Table.Td ff="monospace">{p.code}</Table.Td>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>
                    {offered.has(p.code) ? (
                      <Text size="sm">{t('find.offered')}</Text>
                    ) : (
                      <Text size="sm" c="red.9" fw={600}>
                        {t('find.notOffered')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="light" aria-label={t('find.chooseNamed', { code: p.code })} onClick={() => onChoose(p.code)}>
                      {t('find.choose')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {matches.length > shown.length && (
            <Text size="sm" c="dimmed">
              {t('find.more', { count: matches.length - shown.length })}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}

/** A dossier by its exact code (a supplement, a return, a withdrawal at any branch): checked, then its page. */
function FindDossier() {
  const { t } = useTranslation('reception');
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    setError(null);
    const wanted = code.trim();
    if (!wanted) return;
    setBusy(true);
    try {
      await unwrap(api.GET('/api/v1/dossiers/{code}', { params: { path: { code: wanted } } }));
      void navigate({ to: '/dossiers/$code', params: { code: wanted } });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? new Error(t('findDossier.notFound', { code: wanted })) : err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="find-dossier">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Title order={3} size="h4" id="find-dossier">
          {t('findDossier.title')}
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          {t('findDossier.intro')}
        </Text>
        <Group align="flex-start">
          <TextInput
            label={t('findDossier.code')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={touched && !code.trim() ? t('findDossier.required') : undefined}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            w={320}
            autoComplete="off"
          />
          <Button type="submit" mt={25} loading={busy} variant="default">
            {t('findDossier.open')}
          </Button>
        </Group>
        {error ? (
          <Stack mt="sm">
            <ErrorAlert error={error} />
          </Stack>
        ) : null}
      </form>
    </Paper>
  );
}
