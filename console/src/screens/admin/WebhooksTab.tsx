import { Alert, Badge, Button, Card, Checkbox, CopyButton, Fieldset, Group, List, Modal, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EVENT_TYPES } from '../../../../domain/integration-events';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { formatDateTime } from '../../format';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Loading } from '../../layout/Loading';
import { useAdminSearch } from './search';
import { BADGE_STYLES, eventLabel, type Webhook } from './shared';
import { WebhookDeliveries } from './WebhookDeliveries';

type EventType = Webhook['events'][number];
type TFn = (k: string, o?: Record<string, unknown>) => string;

/** A secret the API answered once (on creation or rotation), shown until the admin closes it. */
interface Revealed {
  id: string;
  secret: string;
  kind: 'created' | 'rotated';
}

/** The same rule as the API's WebhookUrl (api/integration-schemas.ts): http(s), no credentials, no fragment. */
function isWebhookUrl(value: string): boolean {
  if (value.length > 2000) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && Boolean(u.hostname) && !u.username && !u.password && !u.hash && !value.includes('#');
  } catch {
    return false;
  }
}

/**
 * Why an endpoint is off, in words. The API keeps the reason as a sentence of its own (a 410's, or the pause);
 * the ones it writes are said in the screen's language, anything else as it was written.
 */
export function disabledReason(t: TFn, reason: string | null): string {
  if (!reason) return t('webhooks.disabled');
  const gone = /^The endpoint answered 410 Gone on (.+)\.$/.exec(reason);
  const words = gone ? t('webhooks.reason.gone', { at: formatDateTime(gone[1]) }) : reason === 'Paused by an administrator.' ? t('webhooks.reason.paused') : reason;
  return t('webhooks.disabledBecause', { reason: words });
}

/** Webhook endpoints (issue 12): subscribe, pause, edit, rotate the secret, delete; and every delivery attempt. */
export function WebhooksTab() {
  const { t } = useTranslation('admin');
  const [search, set] = useAdminSearch();
  // Refreshed now and then: a 410 disables an endpoint while the admin looks.
  const hooks = useQuery({ queryKey: ['webhooks'], queryFn: () => unwrap(api.GET('/api/v1/webhooks')), refetchInterval: 15_000 });
  const [creating, setCreating] = useState(false);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [deleted, setDeleted] = useState<string | null>(null);
  const open = (id: string | undefined) => {
    setRevealed((r) => (r && r.id === id ? r : null));
    setDeleted(null);
    set({ webhook: id, delivery: undefined });
  };

  return (
    <Stack>
      <Text size="sm">{t('webhooks.intro')}</Text>
      <Group>
        <Button variant={creating ? 'default' : 'filled'} onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
          {t('webhooks.create')}
        </Button>
      </Group>
      {creating && (
        <CreateWebhookForm
          onCreated={(w) => {
            setCreating(false);
            setRevealed({ id: w.id, secret: w.secret, kind: 'created' });
            setDeleted(null);
            set({ webhook: w.id, delivery: undefined });
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      {deleted && (
        <Alert color="green" variant="light" role="status">
          {t('webhooks.deleted', { url: deleted })}
        </Alert>
      )}
      {search.webhook && (
        <WebhookDetail
          key={search.webhook}
          id={search.webhook}
          revealed={revealed?.id === search.webhook ? revealed : null}
          onSecret={(secret) => setRevealed({ id: search.webhook!, secret, kind: 'rotated' })}
          onSecretSaved={() => setRevealed(null)}
          onDeleted={(url) => {
            setRevealed(null);
            setDeleted(url);
            set({ webhook: undefined, delivery: undefined });
          }}
          onClose={() => open(undefined)}
        />
      )}
      {hooks.isPending && <Loading label={t('webhooks.loading')} />}
      {hooks.error && <ErrorAlert error={hooks.error} onRetry={() => void hooks.refetch()} />}
      {hooks.data && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped highlightOnHover captionSide="top">
            <Table.Caption>{t('webhooks.caption', { count: hooks.data.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('webhooks.url')}</Table.Th>
                <Table.Th scope="col">{t('webhooks.description')}</Table.Th>
                <Table.Th scope="col">{t('webhooks.events')}</Table.Th>
                <Table.Th scope="col">{t('webhooks.state')}</Table.Th>
                <Table.Th scope="col">{t('webhooks.createdAt')}</Table.Th>
                <Table.Th scope="col">{t('webhooks.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {hooks.data.map((w) => (
                <Table.Tr key={w.id} aria-current={w.id === search.webhook ? 'true' : undefined}>
                  <Table.Th scope="row" fw={500} ff="monospace" style={{ wordBreak: 'break-all' }}>
                    {w.url}
                  </Table.Th>
                  <Table.Td>{w.description ?? '—'}</Table.Td>
                  <Table.Td>{eventsSummary(t, w.events)}</Table.Td>
                  <Table.Td>
                    <StateBadge webhook={w} />
                  </Table.Td>
                  <Table.Td>{formatDateTime(w.createdAt)}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="light" onClick={() => open(w.id)} aria-label={t('webhooks.openOf', { url: w.url })}>
                      {t('webhooks.open')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
              {hooks.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>{t('webhooks.none')}</Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/** "All (22 types)", or the first three in words and how many more. */
function eventsSummary(t: TFn, events: readonly string[]): string {
  if (events.length === EVENT_TYPES.length) return t('webhooks.allEvents', { count: events.length });
  const shown = events.slice(0, 3).map((e) => eventLabel(t, e)).join(', ');
  return events.length > 3 ? t('webhooks.moreEvents', { shown, count: events.length - 3 }) : shown;
}

function StateBadge({ webhook: w }: { webhook: Webhook }) {
  const { t } = useTranslation('admin');
  return (
    <Stack gap={4} align="flex-start">
      <Badge color={w.enabled ? 'green' : 'gray'} variant="light" styles={BADGE_STYLES}>
        {w.enabled ? t('webhooks.enabled') : t('webhooks.disabled')}
      </Badge>
      {!w.enabled && <Text size="sm">{disabledReason(t, w.disabledReason)}</Text>}
    </Stack>
  );
}

/** The event types to receive: every type with its words and its code; all or none at once. */
function EventTypesField({ value, onChange, error }: { value: readonly EventType[]; onChange: (v: EventType[]) => void; error?: string }) {
  const { t } = useTranslation('admin');
  const errorId = useId();
  const chosen = new Set(value);
  return (
    <Fieldset legend={t('webhooks.events')} aria-describedby={error ? errorId : undefined}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text size="sm">{t('webhooks.chooseEvents')}</Text>
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => onChange([...EVENT_TYPES])}>
              {t('webhooks.selectAll')}
            </Button>
            <Button size="xs" variant="default" onClick={() => onChange([])}>
              {t('webhooks.selectNone')}
            </Button>
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs" verticalSpacing="xs">
          {EVENT_TYPES.map((type) => (
            <Checkbox
              key={type}
              label={eventLabel(t, type)}
              description={<span style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>{type}</span>}
              checked={chosen.has(type)}
              onChange={(e) => onChange(e.currentTarget.checked ? EVENT_TYPES.filter((x) => x === type || chosen.has(x)) : value.filter((x) => x !== type))}
            />
          ))}
        </SimpleGrid>
        {error && (
          <Text size="sm" c="red.8" id={errorId}>
            {error}
          </Text>
        )}
      </Stack>
    </Fieldset>
  );
}

/** A new endpoint (POST /api/v1/webhooks): its address, what it receives, a description. */
function CreateWebhookForm({ onCreated, onCancel }: { onCreated: (w: components['schemas']['WebhookWithSecret']) => void; onCancel: () => void }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<EventType[]>(['dossier.received']);
  const [touched, setTouched] = useState(false);
  const errors = { url: !isWebhookUrl(url.trim()) ? t('webhooks.errors.url') : undefined, events: events.length === 0 ? t('webhooks.errors.events') : undefined };
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/webhooks', { body: { url: url.trim(), events, ...(description.trim() ? { description: description.trim() } : {}) } })),
    onSuccess: async (w) => {
      await qc.invalidateQueries({ queryKey: ['webhooks'] });
      onCreated(w);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!errors.url && !errors.events) create.mutate();
  };
  return (
    <Card withBorder component="section" aria-labelledby="create-webhook-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h4" id="create-webhook-title">
            {t('webhooks.createTitle')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('webhooks.url')} description={t('webhooks.urlHint')} required type="url" maxLength={2000} placeholder="https://" value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={touched ? errors.url : undefined} />
            <TextInput label={t('webhooks.description')} description={t('webhooks.descriptionHint')} maxLength={500} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          </SimpleGrid>
          <EventTypesField value={events} onChange={setEvents} error={touched ? errors.events : undefined} />
          {create.error && <ErrorAlert error={create.error} />}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('webhooks.createSubmit')}
            </Button>
            <Button variant="default" onClick={onCancel} disabled={create.isPending}>
              {t('common:cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** The secret, once: a read-only field to select or copy, and a warning that it will not be shown again. */
function SecretOnce({ revealed, onSaved }: { revealed: Revealed; onSaved: () => void }) {
  const { t } = useTranslation('admin');
  return (
    <Alert color="orange" variant="light" styles={{ title: { color: 'var(--mantine-color-black)' } }} title={revealed.kind === 'created' ? t('webhooks.secret.createdTitle') : t('webhooks.secret.rotatedTitle')}>
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          {t('webhooks.secret.warning')}
        </Text>
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            label={t('webhooks.secret.label')}
            description={t('webhooks.secret.hint')}
            readOnly
            value={revealed.secret}
            onFocus={(e) => e.currentTarget.select()}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            style={{ flex: 1 }}
          />
          <CopyButton value={revealed.secret} timeout={3000}>
            {({ copied, copy }) => (
              <Button variant={copied ? 'light' : 'filled'} color={copied ? 'green' : undefined} onClick={copy} aria-live="polite">
                {copied ? t('webhooks.secret.copied') : t('webhooks.secret.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group>
          <Button variant="default" onClick={onSaved}>
            {t('webhooks.secret.done')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

type Panel = 'edit' | 'rotate' | null;

/** One endpoint: what it is, pause/enable, edit, rotate the secret, delete; then its deliveries. */
function WebhookDetail({
  id,
  revealed,
  onSecret,
  onSecretSaved,
  onDeleted,
  onClose,
}: {
  id: string;
  revealed: Revealed | null;
  onSecret: (secret: string) => void;
  onSecretSaved: () => void;
  onDeleted: (url: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const hook = useQuery({ queryKey: ['webhooks', id], queryFn: () => unwrap(api.GET('/api/v1/webhooks/{id}', { params: { path: { id } } })), refetchInterval: 5_000 });
  const [panel, setPanel] = useState<Panel>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // The key of what was just done (so that it follows a change of language).
  const [done, setDone] = useState<string | null>(null);
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['webhooks'] });
    await qc.invalidateQueries({ queryKey: ['webhook-deliveries', id] });
  };
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => unwrap(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id } }, body: { enabled } })),
    onSuccess: async (w) => {
      setDone(w.enabled ? 'webhooks.enabledAgain' : 'webhooks.paused');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      const url = hook.data?.url ?? id;
      setConfirmDelete(false);
      qc.removeQueries({ queryKey: ['webhooks', id] });
      await qc.invalidateQueries({ queryKey: ['webhooks'] });
      onDeleted(url);
    },
  });
  const w = hook.data;
  const choose = (p: Panel) => {
    setDone(null);
    setPanel((x) => (x === p ? null : p));
  };
  return (
    <Card withBorder component="section" aria-labelledby="webhook-title">
      <Stack>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={3} size="h4" id="webhook-title" style={{ wordBreak: 'break-all' }}>
            {t('webhooks.detailTitle', { url: w?.url ?? id })}
          </Title>
          <Button variant="default" size="xs" onClick={onClose}>
            {t('common:close')}
          </Button>
        </Group>
        {revealed && <SecretOnce revealed={revealed} onSaved={onSecretSaved} />}
        {hook.isPending && <Loading label={t('webhooks.loadingOne')} />}
        {hook.error && <ErrorAlert error={hook.error} onRetry={() => void hook.refetch()} />}
        {w && (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              <Text size="sm">
                {t('webhooks.description')}: {w.description ?? '—'}
              </Text>
              <Text size="sm">
                {t('webhooks.createdAt')}: {formatDateTime(w.createdAt)}
              </Text>
              <Group gap="xs" align="flex-start">
                <Text size="sm">{t('webhooks.state')}:</Text>
                <StateBadge webhook={w} />
              </Group>
              <div>
                <Text size="sm">{t('webhooks.events')}:</Text>
                <List size="sm" spacing={0}>
                  {w.events.map((e) => (
                    <List.Item key={e}>
                      {eventLabel(t, e)} (<code>{e}</code>)
                    </List.Item>
                  ))}
                </List>
              </div>
            </SimpleGrid>
            <Group gap="xs">
              <Button variant="default" loading={toggle.isPending} onClick={() => toggle.mutate(!w.enabled)}>
                {w.enabled ? t('webhooks.pause') : t('webhooks.enable')}
              </Button>
              <Button variant={panel === 'edit' ? 'filled' : 'default'} aria-expanded={panel === 'edit'} onClick={() => choose('edit')}>
                {t('webhooks.edit')}
              </Button>
              <Button variant={panel === 'rotate' ? 'filled' : 'default'} aria-expanded={panel === 'rotate'} onClick={() => choose('rotate')}>
                {t('webhooks.rotate')}
              </Button>
              <Button variant="outline" color="red" onClick={() => setConfirmDelete(true)}>
                {t('webhooks.delete')}
              </Button>
            </Group>
            <div role="status">{done && <Text size="sm">{t(done)}</Text>}</div>
            {toggle.error && <ErrorAlert error={toggle.error} />}
            {panel === 'edit' && (
              <EditWebhookForm
                webhook={w}
                onDone={() => {
                  setPanel(null);
                  setDone('webhooks.saved');
                }}
                onCancel={() => setPanel(null)}
              />
            )}
            {panel === 'rotate' && (
              <RotateSecretForm
                id={id}
                onDone={(secret) => {
                  setPanel(null);
                  onSecret(secret);
                }}
                onCancel={() => setPanel(null)}
              />
            )}
            <WebhookDeliveries webhook={w} />
            <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={t('webhooks.deleteTitle')} closeButtonProps={{ 'aria-label': t('common:close') }}>
              <Stack>
                <Text size="sm" style={{ wordBreak: 'break-word' }}>
                  {t('webhooks.deleteWarning', { url: w.url })}
                </Text>
                {remove.error && <ErrorAlert error={remove.error} />}
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => setConfirmDelete(false)} disabled={remove.isPending}>
                    {t('common:cancel')}
                  </Button>
                  <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
                    {t('webhooks.deleteConfirm')}
                  </Button>
                </Group>
              </Stack>
            </Modal>
          </>
        )}
      </Stack>
    </Card>
  );
}

/** Address, description and event types (PATCH /api/v1/webhooks/{id}). */
function EditWebhookForm({ webhook: w, onDone, onCancel }: { webhook: Webhook; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const [url, setUrl] = useState(w.url);
  const [description, setDescription] = useState(w.description ?? '');
  const [events, setEvents] = useState<EventType[]>(w.events);
  const [touched, setTouched] = useState(false);
  const errors = { url: !isWebhookUrl(url.trim()) ? t('webhooks.errors.url') : undefined, events: events.length === 0 ? t('webhooks.errors.events') : undefined };
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: w.id } }, body: { url: url.trim(), events, description: description.trim() || null } })),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['webhooks'] });
      onDone();
    },
  });
  return (
    <form
      noValidate
      aria-labelledby="edit-webhook-title"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!errors.url && !errors.events) save.mutate();
      }}
    >
      <Stack gap="sm">
        <Title order={4} size="h5" id="edit-webhook-title">
          {t('webhooks.editTitle')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('webhooks.url')} description={t('webhooks.urlHint')} required type="url" maxLength={2000} value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={touched ? errors.url : undefined} />
          <TextInput label={t('webhooks.description')} maxLength={500} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        </SimpleGrid>
        <EventTypesField value={events} onChange={setEvents} error={touched ? errors.events : undefined} />
        {save.error && <ErrorAlert error={save.error} />}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('webhooks.editSubmit')}
          </Button>
          <Button variant="default" onClick={onCancel} disabled={save.isPending}>
            {t('common:cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A new secret (POST …/rotate-secret); the old one still signs beside it for the grace hours. */
function RotateSecretForm({ id, onDone, onCancel }: { id: string; onDone: (secret: string) => void; onCancel: () => void }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const [grace, setGrace] = useState<number | string>(24);
  const valid = typeof grace === 'number' && Number.isInteger(grace) && grace >= 0 && grace <= 168;
  const [touched, setTouched] = useState(false);
  const rotate = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/webhooks/{id}/rotate-secret', { params: { path: { id } }, body: { graceHours: grace as number } })),
    onSuccess: async (w) => {
      await qc.invalidateQueries({ queryKey: ['webhooks'] });
      onDone(w.secret);
    },
  });
  return (
    <form
      noValidate
      aria-labelledby="rotate-secret-title"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (valid) rotate.mutate();
      }}
    >
      <Stack gap="sm">
        <Title order={4} size="h5" id="rotate-secret-title">
          {t('webhooks.rotateTitle')}
        </Title>
        <NumberInput label={t('webhooks.graceHours')} description={t('webhooks.graceHint')} min={0} max={168} step={1} allowDecimal={false} allowNegative={false} maw={420} value={grace} onChange={setGrace} error={touched && !valid ? t('webhooks.graceError') : undefined} />
        {rotate.error && <ErrorAlert error={rotate.error} />}
        <Group>
          <Button type="submit" loading={rotate.isPending}>
            {t('webhooks.rotateSubmit')}
          </Button>
          <Button variant="default" onClick={onCancel} disabled={rotate.isPending}>
            {t('common:cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
