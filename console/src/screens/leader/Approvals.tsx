import { Button, Group, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { DossierLink } from '../../components/DossierLink';
import { DueAt } from '../../components/DueAt';
import { formatDateTime } from '../../format';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Loading } from '../../layout/Loading';
import { useTasks, usePressKey, type DossierItem } from './data';

type Decision = { kind: 'approve' | 'send-back'; code: string };

/** The unit's dossiers awaiting approval, each approved or sent back from the list. */
export function Approvals({ query, nameOf }: { query: { data?: { items: DossierItem[] }; isPending: boolean; error: unknown; refetch: () => unknown }; nameOf: (id?: string) => string }) {
  const { t } = useTranslation('leader');
  const tasks = useTasks();
  const [decision, setDecision] = useState<Decision | null>(null);
  const approvalDue = new Map((tasks.data ?? []).filter((x) => x.kind === 'approve').map((x) => [x.dossierCode, x.dueAt] as const));

  if (query.isPending) return <Loading label={t('approvals.loading')} />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const items = [...(query.data?.items ?? [])].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt));

  return (
    <Stack gap="sm">
      {tasks.error && <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />}
      <Table.ScrollContainer minWidth={1100}>
        <Table striped highlightOnHover captionSide="top">
          <Table.Caption>{t('approvals.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('code')}</Table.Th>
              <Table.Th scope="col">{t('procedure')}</Table.Th>
              <Table.Th scope="col">{t('applicant')}</Table.Th>
              <Table.Th scope="col">{t('submittedBy')}</Table.Th>
              <Table.Th scope="col">{t('outcome')}</Table.Th>
              <Table.Th scope="col">{t('approvalDue')}</Table.Th>
              <Table.Th scope="col">{t('dueAt')}</Table.Th>
              <Table.Th scope="col">{t('actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={8}>
                  <Text size="sm">{t('approvals.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
            {items.map((d) => (
              <Table.Tr key={d.code} data-code={d.code}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <DossierLink code={d.code} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{d.procedureName}</Text>
                </Table.Td>
                <Table.Td>{d.applicant.fullName}</Table.Td>
                <Table.Td>{nameOf(d.assignee)}</Table.Td>
                <Table.Td>{d.outcome ? t(`outcomes.${d.outcome}`) : '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(approvalDue.get(d.code))}</Table.Td>
                <Table.Td>
                  <DueAt dueAt={d.dueAt} overdue={d.overdue} dueSoon={d.dueSoon} />
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button size="xs" aria-label={t('approvals.approveLabel', { code: d.code })} onClick={() => setDecision({ kind: 'approve', code: d.code })}>
                      {t('approvals.approve')}
                    </Button>
                    <Button size="xs" variant="default" aria-label={t('approvals.sendBackLabel', { code: d.code })} onClick={() => setDecision({ kind: 'send-back', code: d.code })}>
                      {t('approvals.sendBack')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {decision && <DecisionModal key={`${decision.kind}:${decision.code}`} decision={decision} onClose={() => setDecision(null)} />}
    </Stack>
  );
}

/** Approve (a note, optional) or send back (a reason, required): one action with its Idempotency-Key. */
function DecisionModal({ decision, onClose }: { decision: Decision; onClose: () => void }) {
  const { t } = useTranslation('leader');
  const qc = useQueryClient();
  const press = usePressKey();
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const approve = decision.kind === 'approve';
  const missing = !approve && text.trim() === '';

  const act = useMutation({
    mutationFn: async () => {
      const path = { code: decision.code };
      if (approve) {
        const body = text.trim() ? { note: text.trim() } : {};
        return unwrap(api.POST('/api/v1/dossiers/{code}/actions/approve', { params: { path, header: { 'Idempotency-Key': press.keyFor(['approve', decision.code, body]) } }, body }));
      }
      const body = { reason: text.trim() };
      return unwrap(api.POST('/api/v1/dossiers/{code}/actions/send-back', { params: { path, header: { 'Idempotency-Key': press.keyFor(['send-back', decision.code, body]) } }, body }));
    },
    onSuccess: () => {
      press.done();
      notifications.show({ color: 'green', closeButtonProps: { 'aria-label': t('common:close') }, message: t(approve ? 'approvals.approved' : 'approvals.sentBack', { code: decision.code }) });
      void qc.invalidateQueries({ queryKey: ['dossiers'] });
      void qc.invalidateQueries({ queryKey: ['tasks'] });
      onClose();
    },
  });

  return (
    <Modal opened onClose={onClose} title={t(approve ? 'approvals.approveTitle' : 'approvals.sendBackTitle', { code: decision.code })} size="lg" closeButtonProps={{ 'aria-label': t('common:close') }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (!missing) act.mutate();
        }}
      >
        <Stack gap="sm">
          <Textarea
            label={t(approve ? 'approvals.note' : 'approvals.reason')}
            description={approve ? undefined : t('approvals.reasonHint')}
            withAsterisk={!approve}
            aria-required={!approve}
            autosize
            minRows={3}
            maxLength={4000}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={touched && missing ? t('bulk.needReason') : undefined}
            // Mantine's error red (red-6) is below AA contrast for small text: a darker one, and the typed text stays black.
            styles={{ error: { color: 'var(--mantine-color-red-9)' }, input: { color: 'var(--mantine-color-black)' } }}
            data-autofocus
          />
          {act.error && <ErrorAlert error={act.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:cancel')}
            </Button>
            <Button type="submit" color={approve ? 'blue' : 'dark'} loading={act.isPending}>
              {t(approve ? 'approvals.confirmApprove' : 'approvals.confirmSendBack')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
