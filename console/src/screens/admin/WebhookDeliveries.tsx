import { Badge, Button, Code, Group, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { DossierLink } from '../../components/DossierLink';
import { formatClock, formatDateTimeSeconds } from '../../format';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Loading } from '../../layout/Loading';
import { DELIVERY_STATUSES, useAdminSearch } from './search';
import { BADGE_STYLES, eventLabel, type Webhook } from './shared';

type Delivery = components['schemas']['Delivery'];
type Attempt = Delivery['attempts'][number];
type DeliveryStatus = Delivery['status'];
type TFn = (k: string, o?: Record<string, unknown>) => string;

const PAGE = 50;
/** Retries come seconds apart at first: the list follows them without a reload. */
const REFRESH_MS = 5_000;
const STATUS_COLOR: Record<DeliveryStatus, string> = { pending: 'yellow', delivered: 'green', failed: 'red' };
const COLUMNS = 7;

/** The outcome of an attempt in words: the response code, or what went wrong before there was one. */
function attemptResult(t: TFn, a: Attempt): string {
  if (a.responseStatus !== null) return `HTTP ${a.responseStatus}`;
  return t('webhooks.deliveries.error', { error: a.error ?? '?' });
}

/** The outcome of an attempt, a failure in bold red. */
function AttemptResult({ attempt: a }: { attempt: Attempt }) {
  const { t } = useTranslation('admin');
  const ok = a.responseStatus !== null && a.responseStatus >= 200 && a.responseStatus < 300;
  return (
    <Text size="sm" fw={ok ? 400 : 600} c={ok ? undefined : 'red.9'} style={{ wordBreak: 'break-word' }}>
      {attemptResult(t, a)}
    </Text>
  );
}

/** An endpoint's deliveries (GET …/deliveries), newest first, filtered by status, each with its attempts and redelivery. */
export function WebhookDeliveries({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation('admin');
  const [search, set] = useAdminSearch();
  const status = search.delivery;
  const q = useInfiniteQuery({
    queryKey: ['webhook-deliveries', webhook.id, status ?? 'all'],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id: webhook.id }, query: { limit: PAGE, ...(status ? { status } : {}), ...(pageParam ? { before: pageParam } : {}) } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.length === PAGE ? last.at(-1)?.id : undefined),
    refetchInterval: REFRESH_MS,
  });
  const rows = q.data?.pages.flat() ?? [];
  return (
    <Stack gap="sm" component="section" aria-labelledby="deliveries-title">
      <Title order={4} size="h5" id="deliveries-title">
        {t('webhooks.deliveries.title')}
      </Title>
      <Text size="sm">{t('webhooks.deliveries.intro')}</Text>
      <Group align="flex-end">
        <NativeSelect
          label={t('webhooks.deliveries.status')}
          data={[{ value: '', label: t('webhooks.deliveries.all') }, ...DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`webhooks.deliveries.statusOf.${s}`) }))]}
          value={status ?? ''}
          onChange={(e) => set({ delivery: (e.currentTarget.value || undefined) as DeliveryStatus | undefined }, { replace: true })}
        />
        <Button variant="default" loading={q.isFetching && !q.isPending} onClick={() => void q.refetch()}>
          {t('webhooks.deliveries.refresh')}
        </Button>
        {q.dataUpdatedAt > 0 && (
          <Text size="sm" pb={6}>
            {t('webhooks.deliveries.refreshedAt', { at: formatClock(q.dataUpdatedAt) })}
          </Text>
        )}
      </Group>
      {!webhook.enabled && (
        <Text size="sm" fw={600}>
          {t('webhooks.deliveries.cannotRedeliver')}
        </Text>
      )}
      {q.isPending && <Loading label={t('webhooks.deliveries.loading')} />}
      {q.error && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <Table.ScrollContainer minWidth={1000}>
          <Table captionSide="top" verticalSpacing="xs">
            <Table.Caption>{t('webhooks.deliveries.caption', { count: rows.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('webhooks.deliveries.createdAt')}</Table.Th>
                <Table.Th scope="col">{t('webhooks.deliveries.dossier')}</Table.Th>
                <Table.Th scope="col">{t('webhooks.deliveries.type')}</Table.Th>
                <Table.Th scope="col">{t('webhooks.deliveries.webhookId')}</Table.Th>
                <Table.Th scope="col">{t('webhooks.deliveries.status')}</Table.Th>
                <Table.Th scope="col">{t('webhooks.deliveries.lastAttempt')}</Table.Th>
                <Table.Th scope="col">{t('webhooks.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((d) => (
                <DeliveryRows key={d.id} webhook={webhook} delivery={d} />
              ))}
              {rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={COLUMNS}>{status ? t('webhooks.deliveries.noneOf', { status: t(`webhooks.deliveries.statusOf.${status}`) }) : t('webhooks.deliveries.none')}</Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {q.hasNextPage && (
        <Group>
          <Button variant="default" loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
            {t('webhooks.deliveries.more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation('admin');
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" styles={BADGE_STYLES}>
      {t(`webhooks.deliveries.statusOf.${status}`)}
    </Badge>
  );
}

/** A delivery's row, and under it (when opened) its attempts; "Redeliver" with what came of it. */
function DeliveryRows({ webhook, delivery: d }: { webhook: Webhook; delivery: Delivery }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [redeliveredAt, setRedeliveredAt] = useState<number | null>(null);
  const redeliver = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', { params: { path: { id: webhook.id, deliveryId: d.id } } })),
    onSuccess: async () => {
      setRedeliveredAt(Date.now());
      setOpen(true);
      await qc.invalidateQueries({ queryKey: ['webhook-deliveries', webhook.id] });
    },
  });
  const last = d.attempts.at(-1);
  const attemptsId = `attempts-${d.id}`;
  return (
    <>
      <Table.Tr>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTimeSeconds(d.createdAt)}</Table.Td>
        <Table.Td>
          <DossierLink code={d.dossierCode} />
        </Table.Td>
        <Table.Td>
          {eventLabel(t, d.type)}
          <Text size="xs" ff="monospace">
            {d.type}
          </Text>
        </Table.Td>
        <Table.Th scope="row" fw={400} ff="monospace" style={{ wordBreak: 'break-all' }}>
          {d.webhookId}
        </Table.Th>
        <Table.Td>
          <DeliveryStatusBadge status={d.status} />
        </Table.Td>
        <Table.Td>
          {last ? (
            <>
              <AttemptResult attempt={last} />
              <Text size="xs">{formatDateTimeSeconds(last.at)}</Text>
            </>
          ) : (
            <Text size="sm">{t('webhooks.deliveries.noAttempt')}</Text>
          )}
        </Table.Td>
        <Table.Td>
          <Stack gap={4} align="flex-start">
            <Group gap={4} wrap="nowrap">
              <Button size="xs" variant={open ? 'filled' : 'light'} aria-expanded={open} aria-controls={open ? attemptsId : undefined} onClick={() => setOpen((o) => !o)}>
                {t('webhooks.deliveries.attemptsToggle', { count: d.attempts.length })}
              </Button>
              <Button size="xs" variant="default" disabled={!webhook.enabled} loading={redeliver.isPending} aria-label={t('webhooks.deliveries.redeliverOf', { id: d.webhookId })} onClick={() => redeliver.mutate()}>
                {t('webhooks.deliveries.redeliver')}
              </Button>
            </Group>
            <div role="status">{redeliveredAt !== null && <Text size="xs">{t('webhooks.deliveries.redelivered', { at: formatClock(redeliveredAt) })}</Text>}</div>
          </Stack>
        </Table.Td>
      </Table.Tr>
      {redeliver.error && (
        <Table.Tr>
          <Table.Td colSpan={COLUMNS}>
            <ErrorAlert error={redeliver.error} />
          </Table.Td>
        </Table.Tr>
      )}
      {open && (
        <Table.Tr id={attemptsId}>
          <Table.Td colSpan={COLUMNS} bg="var(--mantine-color-gray-0)">
            <Attempts delivery={d} />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

/** Every attempt of a delivery, oldest first: when, what came back, how long; the request and the response on demand. */
function Attempts({ delivery: d }: { delivery: Delivery }) {
  const { t } = useTranslation('admin');
  const [shown, setShown] = useState<ReadonlySet<number>>(new Set());
  const flip = (i: number) => setShown((s) => (s.has(i) ? new Set([...s].filter((x) => x !== i)) : new Set([...s, i])));
  if (d.attempts.length === 0) return <Text size="sm">{t('webhooks.deliveries.noAttempt')}</Text>;
  return (
    <Table captionSide="top" withTableBorder verticalSpacing={4}>
      <Table.Caption>{t('webhooks.deliveries.attemptsCaption', { id: d.webhookId })}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('webhooks.deliveries.attemptNo')}</Table.Th>
          <Table.Th scope="col">{t('webhooks.deliveries.at')}</Table.Th>
          <Table.Th scope="col">{t('webhooks.deliveries.result')}</Table.Th>
          <Table.Th scope="col">{t('webhooks.deliveries.duration')}</Table.Th>
          <Table.Th scope="col">{t('webhooks.deliveries.details')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {d.attempts.map((a, i) => {
          const n = i + 1;
          const detailsId = `attempt-${d.id}-${n}`;
          return (
            <Fragment key={`${a.at}-${n}`}>
              <Table.Tr>
                <Table.Th scope="row" fw={400}>
                  {n}
                </Table.Th>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTimeSeconds(a.at)}</Table.Td>
                <Table.Td>
                  <AttemptResult attempt={a} />
                </Table.Td>
                <Table.Td>{t('webhooks.deliveries.ms', { ms: a.durationMs })}</Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="default" aria-expanded={shown.has(n)} aria-controls={shown.has(n) ? detailsId : undefined} aria-label={t('webhooks.deliveries.detailsOf', { n })} onClick={() => flip(n)}>
                    {t('webhooks.deliveries.details')}
                  </Button>
                </Table.Td>
              </Table.Tr>
              {shown.has(n) && (
                <Table.Tr id={detailsId}>
                  <Table.Td colSpan={5}>
                    <SimpleGrid cols={{ base: 1, md: 2 }}>
                      <Payload title={t('webhooks.deliveries.request')} text={requestText(a.request)} />
                      <Payload title={t('webhooks.deliveries.response')} text={a.responseBody ? pretty(a.responseBody) : t('webhooks.deliveries.noResponse')} />
                    </SimpleGrid>
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** The request as it went: method, address, headers, then the body (the stored JSON keeps no key order). */
function requestText(request: unknown): string {
  const r = request && typeof request === 'object' ? (request as Record<string, unknown>) : null;
  const ordered = r ? { method: r.method, url: r.url, headers: r.headers, body: r.body, ...r } : request;
  return JSON.stringify(ordered, null, 2);
}

/** A JSON answer indented; anything else as it came. */
function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** A payload wrapped rather than scrolled (a scrolled region would need its own keyboard focus). */
function Payload({ title, text }: { title: string; text: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        {text}
      </Code>
    </Stack>
  );
}
