import { Anchor, Badge, Button, Container, Group, Paper, PasswordInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../../api/client';
import { formatDateTime } from '../../format';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { LanguageSelect } from '../../layout/LanguageSelect';
import { Loading } from '../../layout/Loading';

const PIN = /^[0-9A-Za-z]{1,32}$/;

/**
 * The citizens' page (no sign-in): the code (from the receipt's QR code, ?code=) and the PIN typed by the
 * citizen → GET /api/v1/public/dossiers/{code}?pin=…: the status, the appointment and the steps, nothing personal.
 * The PIN never goes into the URL.
 */
export function LookupScreen() {
  const { t, i18n } = useTranslation('lookup');
  const search = useSearch({ from: '/tra-cuu' });
  const navigate = useNavigate({ from: '/tra-cuu' });
  const [code, setCode] = useState(search.code ?? '');
  const [pin, setPin] = useState('');
  const [tried, setTried] = useState(false);
  const lookup = useMutation({
    mutationFn: (q: { code: string; pin: string }) => unwrap(api.GET('/api/v1/public/dossiers/{code}', { params: { path: { code: q.code }, query: { pin: q.pin } } })),
  });

  const codeError = tried && !code.trim() ? t('codeRequired') : undefined;
  const pinError = tried && !PIN.test(pin.trim()) ? t('pinRequired') : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    const q = { code: code.trim(), pin: pin.trim() };
    if (!q.code || !PIN.test(q.pin)) return;
    // The code in the address (to share or bookmark); the PIN never.
    if (search.code !== q.code) void navigate({ search: { code: q.code }, replace: true });
    lookup.mutate(q);
  };

  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const d = lookup.data;
  return (
    <Container size={760} py="lg">
      <Group justify="space-between">
        <Text fw={700}>{t('common:appName')}</Text>
        <LanguageSelect w={140} />
      </Group>
      <main id="main">
        <Title order={1} mt="md">
          {t('title')}
        </Title>
        <Text c="dimmed" mt="xs">
          {t('intro')}
        </Text>
        <Paper withBorder shadow="sm" p="lg" mt="md" radius="md">
          <form onSubmit={submit} noValidate aria-label={t('title')}>
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('code')} required value={code} onChange={(e) => setCode(e.currentTarget.value)} error={codeError} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} autoComplete="off" />
                <PasswordInput
                  label={t('pin')}
                  required
                  value={pin}
                  onChange={(e) => setPin(e.currentTarget.value)}
                  error={pinError}
                  autoComplete="off"
                  inputMode="numeric"
                  visibilityToggleButtonProps={{ 'aria-label': t('showPin') }}
                />
              </SimpleGrid>
              <Group>
                <Button type="submit" loading={lookup.isPending}>
                  {t('submit')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
        <Stack mt="md">
          {lookup.isPending && <Loading label={t('looking')} />}
          {lookup.error && <ErrorAlert error={inWords(lookup.error, t)} />}
          {d && !lookup.isPending && (
            <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="lookup-result">
              <Stack>
                <Title order={2} size="h3" id="lookup-result">
                  {t('result')}: <Text span ff="monospace" inherit>{d.code}</Text>
                </Title>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <Fact label={t('procedure')}>{d.procedureName}</Fact>
                  <Fact label={t('status')}>
                    <Badge variant="light" size="lg" styles={{ label: { color: 'var(--mantine-color-black)' } }} data-testid="public-status">
                      {d.statusText[lang]}
                    </Badge>
                  </Fact>
                  <Fact label={t('receivedAt')}>{formatDateTime(d.receivedAt)}</Fact>
                  <Fact label={t('dueAt')}>
                    <Text span fw={700} data-testid="public-due">
                      {formatDateTime(d.dueAt)}
                    </Text>
                  </Fact>
                  {d.resultReadyAt && <Fact label={t('resultReadyAt')}>{formatDateTime(d.resultReadyAt)}</Fact>}
                  {d.returnedAt && <Fact label={t('returnedAt')}>{formatDateTime(d.returnedAt)}</Fact>}
                </SimpleGrid>
                <Table withTableBorder>
                  <Table.Caption>{t('stepsCaption')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('when')}</Table.Th>
                      <Table.Th scope="col">{t('step')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.history.map((h, i) => (
                      <Table.Tr key={i}>
                        <Table.Td>{formatDateTime(h.at)}</Table.Td>
                        <Table.Td>{t(`common:status.${h.status}`)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                <Text size="xs" c="dimmed">
                  {t('privacy')}
                </Text>
              </Stack>
            </Paper>
          )}
        </Stack>
        <Text ta="center" mt="xl" size="sm">
          <Anchor component={Link} to="/signin">
            {t('staff')}
          </Anchor>
        </Text>
      </main>
    </Container>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="div">{children}</Text>
    </div>
  );
}

/** The public lookup's answers, in words: 404 (unknown code or wrong PIN alike), 429 (locked code or too many), 400. */
function inWords(error: unknown, t: (k: string, o?: Record<string, unknown>) => string): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 404) return new Error(t('notFound'));
  if (error.status === 429) {
    const d = error.details as { reason?: string; retryAfterSeconds?: number } | undefined;
    if (d?.reason === 'code_locked') return new Error(t('locked', { minutes: Math.max(1, Math.ceil((d.retryAfterSeconds ?? 60) / 60)) }));
    return new Error(t('tooMany'));
  }
  if (error.status === 400) return new Error(t('invalid'));
  return error;
}
