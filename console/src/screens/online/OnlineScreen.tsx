import { Alert, Badge, Button, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { useUnitNames } from '../../api/units';
import { rolesOf, useMe } from '../../auth/session';
import { formatDateTime } from '../../format';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Loading } from '../../layout/Loading';
import { useCounterCatalogue } from '../reception/catalogue';
import { Outcome, type ReceptionOutcome } from '../reception/Outcome';
import { ReceptionForm } from '../reception/ReceptionForm';
import { onlineQueueKey, useOnlineQueue } from './queue';

type Submission = components['schemas']['OnlineSubmission'];
type Intent = 'receive' | 'guide' | 'refuse';

/**
 * The clerk's queue of dossiers submitted on the national portal: each is handled with the reception screen's own
 * form (pre-filled from the submission, its id sent with the outcome) and leaves the queue once handled.
 */
export function OnlineScreen() {
  const { t } = useTranslation('online');
  const active = useMe().data?.active;
  if (!active || !rolesOf('/online-submissions').includes(active.role)) {
    return (
      <Stack>
        <Title order={2}>{t('title')}</Title>
        <Alert color="yellow" role="status">
          {t('notClerk')}
        </Alert>
      </Stack>
    );
  }
  return <ClerkQueue unitId={active.unitId} />;
}

function ClerkQueue({ unitId }: { unitId: string }) {
  const { t } = useTranslation('online');
  const unitName = useUnitNames();
  const qc = useQueryClient();
  const queue = useOnlineQueue();
  const [handling, setHandling] = useState<{ submission: Submission; intent: Intent } | null>(null);
  const [outcome, setOutcome] = useState<ReceptionOutcome | null>(null);
  // Back from a form or an outcome: the focus returns to the queue's heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const [returned, setReturned] = useState(false);
  useEffect(() => {
    if (returned && !handling) heading.current?.focus();
  }, [returned, handling]);

  // Handled: out of the queue at once (the refetch confirms), so the list never offers it again.
  const handled = (id: string, o: ReceptionOutcome) => {
    setOutcome(o);
    qc.setQueryData<Submission[]>(onlineQueueKey, (old) => old?.filter((s) => s.id !== id));
    void qc.invalidateQueries({ queryKey: onlineQueueKey });
  };
  const back = () => {
    setHandling(null);
    setOutcome(null);
    setReturned(true);
    void qc.invalidateQueries({ queryKey: onlineQueueKey });
  };

  const count = queue.data?.length;
  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="baseline">
        <Group gap="sm" align="center">
          <Title order={2} ref={heading} tabIndex={-1}>
            {t('title')}
          </Title>
          {count !== undefined && (
            <Badge size="lg" variant="filled" tt="none" color={count ? 'blue.8' : 'gray.7'} data-testid="online-count">
              {t('waiting', { count })}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {unitName(unitId)}
        </Text>
      </Group>
      {handling ? (
        <Handle submission={handling.submission} intent={handling.intent} unitId={unitId} outcome={outcome} onDone={(o) => handled(handling.submission.id, o)} onBack={back} />
      ) : queue.error ? (
        <ErrorAlert error={queue.error} onRetry={() => void queue.refetch()} />
      ) : !queue.data ? (
        <Loading label={t('loading')} />
      ) : (
        <>
          <Text size="sm">
            {t('intro')} {t('refreshed')}
          </Text>
          {queue.data.length === 0 ? (
            <Text role="status">{t('empty')}</Text>
          ) : (
            <QueueTable submissions={queue.data} caption={t('caption', { unit: unitName(unitId) })} onHandle={(submission, intent) => setHandling({ submission, intent })} />
          )}
        </>
      )}
    </Stack>
  );
}

function QueueTable({ submissions, caption, onHandle }: { submissions: Submission[]; caption: string; onHandle: (s: Submission, intent: Intent) => void }) {
  const { t } = useTranslation('online');
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped withTableBorder verticalSpacing="sm">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reference')}</Table.Th>
            <Table.Th scope="col">{t('procedure')}</Table.Th>
            <Table.Th scope="col">{t('applicant')}</Table.Th>
            <Table.Th scope="col">{t('submittedAt')}</Table.Th>
            <Table.Th scope="col">{t('documents')}</Table.Th>
            <Table.Th scope="col">{t('actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {submissions.map((s) => (
            <Table.Tr key={s.id} data-testid="online-submission">
              <Table.Th scope="row" ff="monospace" fw={600}>
                {s.reference}
              </Table.Th>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {s.procedureCode}
                </Text>
                <Text size="sm">{s.procedureName}</Text>
              </Table.Td>
              <Table.Td>{s.applicant.fullName}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(s.submittedAt)}</Table.Td>
              <Table.Td>
                {s.documents.length ? (
                  <List size="sm">
                    {s.documents.map((d) => (
                      <List.Item key={d.code}>{d.name ?? d.code}</List.Item>
                    ))}
                  </List>
                ) : (
                  <Text size="sm">{t('noDocuments')}</Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" aria-label={t('receiveNamed', { reference: s.reference })} onClick={() => onHandle(s, 'receive')}>
                    {t('receive')}
                  </Button>
                  <Button size="xs" variant="outline" aria-label={t('guideNamed', { reference: s.reference })} onClick={() => onHandle(s, 'guide')}>
                    {t('guide')}
                  </Button>
                  <Button size="xs" variant="outline" color="red.9" aria-label={t('refuseNamed', { reference: s.reference })} onClick={() => onHandle(s, 'refuse')}>
                    {t('refuse')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** One submission in the reception form (or, once handled, its outcome: the receipt, Form 02 or Form 03). */
function Handle({ submission, intent, unitId, outcome, onDone, onBack }: { submission: Submission; intent: Intent; unitId: string; outcome: ReceptionOutcome | null; onDone: (o: ReceptionOutcome) => void; onBack: () => void }) {
  const { t } = useTranslation('online');
  const { procedures, branches, offers, offered, error, ready, refetch } = useCounterCatalogue(unitId);
  const title = useRef<HTMLHeadingElement>(null);
  // The form replaces the queue: the focus moves to its heading (a refusal opens its dialog, which takes the focus).
  useEffect(() => {
    if (intent !== 'refuse') title.current?.focus();
  }, [intent]);

  if (outcome) return <Outcome outcome={outcome} onNext={onBack} nextLabel={t('backAfter')} />;
  const procedure = procedures.data?.find((p) => p.code === submission.procedureCode);
  return (
    <Stack gap="lg">
      <Paper withBorder p="md" component="section" aria-labelledby="online-handling">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Title order={3} size="h4" id="online-handling" ref={title} tabIndex={-1}>
              {t('handling', { reference: submission.reference })}
            </Title>
            <Text size="sm">{t('submittedOn', { at: formatDateTime(submission.submittedAt) })}</Text>
            {submission.note && <Text size="sm">{t('applicantNote', { note: submission.note })}</Text>}
            <Text size="sm" c="dimmed">
              {t('handlingIntro')}
            </Text>
          </Stack>
          <Button variant="default" onClick={onBack}>
            {t('back')}
          </Button>
        </Group>
      </Paper>
      {error ? (
        <ErrorAlert error={error} onRetry={refetch} />
      ) : !ready || !branches.data || !offers.data ? (
        <Loading label={t('loading')} />
      ) : !procedure ? (
        <Alert color="red" variant="light" role="alert">
          {t('procedureGone', { code: submission.procedureCode })}
        </Alert>
      ) : (
        <ReceptionForm
          procedure={procedure}
          unitId={unitId}
          branches={branches.data}
          offeredHere={offers.data.operating && offered.has(procedure.code)}
          branchOperating={offers.data.operating}
          onDone={onDone}
          online={{
            id: submission.id,
            applicant: submission.applicant,
            documentCodes: submission.documents.map((d) => d.code),
            ...(submission.returnBranchId ? { returnBranchId: submission.returnBranchId } : {}),
            refuse: intent === 'refuse',
          }}
        />
      )}
    </Stack>
  );
}
