import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../auth/session';
import { DueAt } from '../../components/DueAt';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime, formatMoney } from '../../format';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Loading } from '../../layout/Loading';
import { ActionModal } from './ActionModal';
import { allowedActions, type Action, type Dossier } from './actions';
import { dossierRoute } from './route';

interface SupplementCycle {
  requestedAt: string;
  requestedBy: string;
  byLeader: boolean;
  reason: string;
  documents: string[];
  policy: 'restart' | 'pause';
  dueBy: string;
  respondedAt: string | null;
  oldDueAt: string;
  newDueAt: string | null;
}
interface Apology {
  at: string;
  by: string;
  reason: string;
  oldDueAt: string;
  newDueAt: string;
  late?: boolean;
}

/** A success's title in a green dark enough for WCAG AA on the light green (Mantine's is not). */
export const OK_STYLES = { title: { color: '#1b6b2f' } };

/** The clock of a dossier by its status: running, paused for a supplement, not started (fees), stopped. */
function clockOf(status: Dossier['status']): 'running' | 'paused' | 'notStarted' | 'finished' | 'closed' {
  if (status === 'awaiting_supplement') return 'paused';
  if (status === 'awaiting_fees') return 'notStarted';
  if (status === 'result_ready' || status === 'returned') return 'finished';
  if (status === 'withdrawn' || status === 'stopped') return 'closed';
  return 'running';
}

export function DossierScreen() {
  const { t } = useTranslation('dossier');
  const { code } = dossierRoute.useParams();
  const me = useMe().data;
  const q = useQuery({
    queryKey: ['dossier', code],
    queryFn: () => unwrap(api.GET('/api/v1/dossiers/{code}', { params: { path: { code } } })),
    refetchInterval: 15_000,
  });
  const [open, setOpen] = useState<Action | null>(null);
  const [done, setDone] = useState<Action | null>(null);

  if (q.isPending) return <Loading label={t('loading', { code })} />;
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const actions = allowedActions(d, me);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2}>{t('title', { code: d.code })}</Title>
            <StatusBadge status={d.status} />
          </Group>
          <Text>{d.procedureName}</Text>
          <Text size="sm" c="dimmed">
            {t('procedureCode', { code: d.procedureCode })}
          </Text>
        </Stack>
        <Group gap="md" component="nav" aria-label={t('print.title')}>
          <Anchor href={`/print/receipt/${encodeURIComponent(d.code)}`} target="_blank" rel="noopener">
            {t('print.receipt')}
          </Anchor>
          <Anchor href={`/print/process-sheet/${encodeURIComponent(d.code)}`} target="_blank" rel="noopener">
            {t('print.processSheet')}
          </Anchor>
          {d.apology && (
            // Dark and underlined: the theme's blue on the alert's light green falls short of AA contrast.
            <Anchor href={`/print/apology/${encodeURIComponent(d.code)}`} target="_blank" rel="noopener" c="dark.9" td="underline" fw={700}>
              {t('print.apology')}
            </Anchor>
          )}
        </Group>
      </Group>

      {done && (
        <Alert color="green" role="status" styles={OK_STYLES} title={t('done', { action: t(`act.${done}.title`) })} withCloseButton closeButtonLabel={t('common:close')} onClose={() => setDone(null)}>
          {done === 'apologize' && (
            // Dark and underlined: the theme's blue on the alert's light green falls short of AA contrast.
            <Anchor href={`/print/apology/${encodeURIComponent(d.code)}`} target="_blank" rel="noopener" c="dark.9" td="underline" fw={700}>
              {t('print.apologyNow')}
            </Anchor>
          )}
        </Alert>
      )}

      <Paper withBorder p="sm" component="section" aria-labelledby="dossier-actions">
        <Title order={3} size="h5" id="dossier-actions" mb="xs">
          {t('actionsTitle')}
        </Title>
        {actions.length ? (
          <Group gap="sm">
            {actions.map((a) => (
              <Button key={a} variant={a === 'withdraw' || a === 'send-back' || a === 'release' ? 'default' : 'filled'} onClick={() => {
                  setDone(null);
                  setOpen(a);
                }}>
                {t(`act.${a}.button`)}
              </Button>
            ))}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {t('noActions')}
          </Text>
        )}
      </Paper>
      {open && (
        <ActionModal
          dossier={d}
          action={open}
          onClose={() => setOpen(null)}
          onDone={(a) => {
            setOpen(null);
            setDone(a);
          }}
        />
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Deadlines d={d} />
        <Facts d={d} />
      </SimpleGrid>
      <ProcessControl d={d} />
      <Timeline d={d} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Documents d={d} />
        <Stack gap="md">
          <Fee d={d} />
          <ApologyBlock apology={d.apology as Apology | null} />
        </Stack>
      </SimpleGrid>
      <Supplements cycles={d.supplements as unknown as SupplementCycle[]} names={new Map(d.documents.map((doc) => [doc.code, doc.name]))} />
    </Stack>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={id}>
      <Title order={3} size="h4" id={id} mb="xs">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** Label–value pairs as a description list. */
function Facts2({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl style={{ display: 'grid', gridTemplateColumns: 'minmax(9rem, max-content) 1fr', gap: '6px 16px', margin: 0 }}>
      {items.map(([k, v]) => (
        <Fragment key={k}>
          <dt style={{ fontWeight: 700, fontSize: 'var(--mantine-font-size-sm)' }}>{k}</dt>
          <dd style={{ margin: 0, fontSize: 'var(--mantine-font-size-sm)' }}>{v}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

function Deadlines({ d }: { d: Dossier }) {
  const { t } = useTranslation('dossier');
  const clock = clockOf(d.status);
  const items: [string, ReactNode][] = [
    [t('due.appointment'), clock === 'running' ? <DueAt dueAt={d.dueAt} overdue={d.overdue} dueSoon={d.dueSoon} /> : formatDateTime(d.dueAt)],
    [t('due.clock'), <Text span size="sm" fw={700} className={clock === 'paused' || clock === 'notStarted' ? 'due-soon' : undefined} data-testid="clock">{t(`clock.${clock}`)}</Text>],
    [t('due.original'), formatDateTime(d.originalDueAt)],
    ...(d.rescheduledDueAt ? [[t('due.rescheduled'), formatDateTime(d.rescheduledDueAt)] as [string, ReactNode]] : []),
    [t('due.received'), formatDateTime(d.receivedAt)],
    ...(d.resultReadyAt ? [[t('due.resultReady'), formatDateTime(d.resultReadyAt)] as [string, ReactNode]] : []),
    ...(d.returnedAt ? [[t('due.returned'), formatDateTime(d.returnedAt)] as [string, ReactNode]] : []),
    ...(d.timeliness ? [[t('due.timeliness'), t(`verdict.${d.timeliness}`)] as [string, ReactNode]] : []),
    ...(d.onTime766 !== undefined ? [[t('due.onTime766'), d.onTime766 ? t('common:yes') : t('common:no')] as [string, ReactNode]] : []),
    ...(d.escalationLevel > 0 ? [[t('due.escalation'), t(`escalation.${Math.min(d.escalationLevel, 4)}`)] as [string, ReactNode]] : []),
  ];
  return (
    <Section id="dossier-deadlines" title={t('due.title')}>
      {d.calendarStatus === 'provisional' && (
        <Alert color="yellow" mb="sm" title={t('due.provisionalTitle')}>
          {t('due.provisional')}
        </Alert>
      )}
      <Facts2 items={items} />
    </Section>
  );
}

function Facts({ d }: { d: Dossier }) {
  const { t } = useTranslation('dossier');
  const a = d.applicant;
  return (
    <Section id="dossier-facts" title={t('facts.title')}>
      <Facts2
        items={[
          [t('facts.applicant'), a.fullName],
          [t('facts.idNumber'), a.idNumber],
          [t('facts.phone'), a.phone],
          ...(a.address ? [[t('facts.address'), a.address] as [string, ReactNode]] : []),
          [t('facts.receiving'), d.unitNames?.receiving ?? d.receivingBranchId],
          [t('facts.authority'), d.unitNames?.authority ?? d.departmentId],
          [t('facts.returnAt'), d.unitNames?.return ?? d.returnBranchId],
          [t('facts.assignee'), d.assignee ? (d.assigneeName ?? d.assignee) : t('facts.nobody')],
          ...(d.outcome ? [[t('facts.outcome'), t(`outcome.${d.outcome}`)] as [string, ReactNode]] : []),
        ]}
      />
    </Section>
  );
}

function ProcessControl({ d }: { d: Dossier }) {
  const { t } = useTranslation('dossier');
  return (
    <Section id="dossier-steps" title={t('steps.title')}>
      {d.processControl.length === 0 ? (
        <Text size="sm">{t('steps.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Caption>{t('steps.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('steps.phase')}</Table.Th>
                <Table.Th scope="col">{t('steps.dueAt')}</Table.Th>
                <Table.Th scope="col">{t('steps.finishedAt')}</Table.Th>
                <Table.Th scope="col">{t('steps.verdict')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.processControl.map((s) => (
                <Table.Tr key={s.phase}>
                  <Table.Td>{t(`phase.${s.phase}`, { defaultValue: s.phase })}</Table.Td>
                  <Table.Td>{formatDateTime(s.dueAt)}</Table.Td>
                  <Table.Td>{s.finishedAt ? formatDateTime(s.finishedAt) : t('steps.open')}</Table.Td>
                  <Table.Td>
                    {s.verdict ? (
                      <Text span size="sm" className={s.verdict === 'late' ? 'overdue' : 'on-time'}>
                        {t(`verdict.${s.verdict}`)}
                      </Text>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

function Timeline({ d }: { d: Dossier }) {
  const { t } = useTranslation('dossier');
  const history = d.history ?? [];
  return (
    <Section id="dossier-timeline" title={t('timeline.title')}>
      <Table.ScrollContainer minWidth={900}>
        <Table striped>
          <Table.Caption>{t('timeline.caption', { count: history.length })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('timeline.at')}</Table.Th>
              <Table.Th scope="col">{t('timeline.action')}</Table.Th>
              <Table.Th scope="col" miw={250}>{t('timeline.status')}</Table.Th>
              <Table.Th scope="col">{t('timeline.who')}</Table.Th>
              <Table.Th scope="col">{t('timeline.role')}</Table.Th>
              <Table.Th scope="col">{t('timeline.onBehalfOf')}</Table.Th>
              <Table.Th scope="col">{t('timeline.note')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.map((e) => (
              <Table.Tr key={e.seq}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                <Table.Td>{t(`event.${e.action}`, { defaultValue: e.action })}</Table.Td>
                <Table.Td>
                  <StatusBadge status={e.status} />
                </Table.Td>
                <Table.Td>{e.actor.sub === 'system' ? t('timeline.system') : (e.actorName ?? e.actor.sub)}</Table.Td>
                <Table.Td>
                  {e.actor.sub === 'system' ? '—' : `${t(`common:roles.${e.actor.role}`)} — ${e.actorUnitName ?? e.actor.unitId}`}
                </Table.Td>
                <Table.Td>{e.onBehalfOf ? (e.onBehalfOfName ?? e.onBehalfOf) : '—'}</Table.Td>
                <Table.Td maw={320}>{noteIn(e.action, e.note, t)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

/** The system's own notes (escalation levels, the stop) in words; a person's note as written. */
const SYSTEM_NOTES = new Set(['due_soon', 'overdue', 'escalation_2', 'escalation_5', 'rescheduled_missed']);
function noteIn(action: string, note: string | undefined, t: (k: string) => string): string {
  if (!note) return '—';
  if (action === 'stop') return t('note.stopped');
  return SYSTEM_NOTES.has(note) ? t(`note.${note}`) : note;
}

function Documents({ d }: { d: Dossier }) {
  const { t } = useTranslation('dossier');
  return (
    <Section id="dossier-documents" title={t('documents.title')}>
      <Table>
        <Table.Caption>{t('documents.caption', { count: d.documents.length })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('documents.name')}</Table.Th>
            <Table.Th scope="col">{t('documents.kind')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {d.documents.map((doc) => (
            <Table.Tr key={doc.code}>
              <Table.Td>{doc.name}</Table.Td>
              <Table.Td>{doc.requirement ? t(`documents.${doc.requirement}`) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Section>
  );
}

function Fee({ d }: { d: Dossier }) {
  const { t, i18n } = useTranslation('dossier');
  const f = d.fee;
  return (
    <Section id="dossier-fee" title={t('fee.title')}>
      {!f ? (
        <Text size="sm">{t('fee.none')}</Text>
      ) : (
        <Facts2
          items={[
            [t('fee.amount'), f.amount === null ? t('fee.varies') : f.amount === 0 ? t('fee.free') : formatMoney(f.amount, i18n.language)],
            [t('fee.when'), t(`fee.${f.collectedAt}`)],
            // Nothing to pay, nothing paid: a free procedure has no payment line.
            ...(f.amount === 0 && !f.paidAt
              ? []
              : [[t('fee.paid'), f.paidAt ? t('fee.paidAt', { at: formatDateTime(f.paidAt), receipt: f.receiptNumber ?? '—' }) : t('fee.unpaid')] as [string, ReactNode]]),
          ]}
        />
      )}
    </Section>
  );
}

function ApologyBlock({ apology }: { apology: Apology | null }) {
  const { t } = useTranslation('dossier');
  return (
    <Section id="dossier-apology" title={t('apology.title')}>
      {!apology ? (
        <Text size="sm">{t('apology.none')}</Text>
      ) : (
        <Facts2
          items={[
            [t('apology.at'), formatDateTime(apology.at)],
            [t('apology.by'), apology.by],
            [t('apology.from'), formatDateTime(apology.oldDueAt)],
            [t('apology.to'), formatDateTime(apology.newDueAt)],
            [t('apology.reason'), apology.reason],
            ...(apology.late ? [[t('apology.lateLabel'), t('apology.late')] as [string, ReactNode]] : []),
          ]}
        />
      )}
    </Section>
  );
}

function Supplements({ cycles, names }: { cycles: SupplementCycle[]; names: Map<string, string> }) {
  const { t } = useTranslation('dossier');
  return (
    <Section id="dossier-supplements" title={t('supplements.title')}>
      {cycles.length === 0 ? (
        <Text size="sm">{t('supplements.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table>
            <Table.Caption>{t('supplements.caption', { count: cycles.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('supplements.requestedAt')}</Table.Th>
                <Table.Th scope="col">{t('supplements.by')}</Table.Th>
                <Table.Th scope="col">{t('supplements.reason')}</Table.Th>
                <Table.Th scope="col">{t('supplements.documents')}</Table.Th>
                <Table.Th scope="col">{t('supplements.dueBy')}</Table.Th>
                <Table.Th scope="col">{t('supplements.policy')}</Table.Th>
                <Table.Th scope="col">{t('supplements.respondedAt')}</Table.Th>
                <Table.Th scope="col">{t('supplements.newDueAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cycles.map((c) => (
                <Table.Tr key={c.requestedAt}>
                  <Table.Td>{formatDateTime(c.requestedAt)}</Table.Td>
                  <Table.Td>{c.byLeader ? t('supplements.byLeader', { who: c.requestedBy }) : c.requestedBy}</Table.Td>
                  <Table.Td>{c.reason}</Table.Td>
                  <Table.Td>{c.documents.map((code) => names.get(code) ?? code).join('; ')}</Table.Td>
                  <Table.Td>{formatDateTime(c.dueBy)}</Table.Td>
                  <Table.Td>{t(`supplements.${c.policy}`)}</Table.Td>
                  <Table.Td>{c.respondedAt ? formatDateTime(c.respondedAt) : t('supplements.waiting')}</Table.Td>
                  <Table.Td>{c.newDueAt ? formatDateTime(c.newDueAt) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
