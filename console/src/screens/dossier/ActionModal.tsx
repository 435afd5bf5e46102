import { Button, Checkbox, Group, Modal, NativeSelect, NumberInput, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { hanoiToday } from '../../format';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { useDossierAction, type Action, type Dossier } from './actions';

/** Actions whose body is a reason in words, under that name. */
const REASON_ONLY: readonly Action[] = ['send-back', 'withdraw', 'release'];

/**
 * One action as a small form in a dialog: what the action's body needs (domain/actions.ts ActionBody), sent with an
 * Idempotency-Key; the API's refusal in words, in the dialog; the dossier reloaded afterwards.
 */
export function ActionModal({ dossier: d, action, onClose, onDone }: { dossier: Dossier; action: Action; onClose: () => void; onDone: (a: Action) => void }) {
  const { t } = useTranslation('dossier');
  const act = useDossierAction();
  const [touched, setTouched] = useState(false);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<'approved' | 'refused'>('approved');
  const lastCycle = (d.supplements as unknown as { documents: string[]; respondedAt: string | null }[]).at(-1);
  const [documents, setDocuments] = useState<string[]>(action === 'supplement' && lastCycle && !lastCycle.respondedAt ? lastCycle.documents : []);
  const [assignee, setAssignee] = useState('');
  const [newDueAt, setNewDueAt] = useState('');
  const [amount, setAmount] = useState<number | string>(d.fee?.amount ?? '');
  const [receiptNumber, setReceiptNumber] = useState('');

  const needsComponents = action === 'request-supplement' || action === 'supplement';
  const procedures = useQuery({ queryKey: ['procedures'], queryFn: () => unwrap(api.GET('/api/v1/procedures')), staleTime: 10 * 60_000, enabled: needsComponents });
  const components = procedures.data?.find((p) => p.code === d.procedureCode)?.requiredDocuments ?? [];
  const staff = useQuery({ queryKey: ['staff'], queryFn: () => unwrap(api.GET('/api/v1/staff')), enabled: action === 'reassign' });
  const today = hanoiToday();
  const officers = (staff.data ?? []).filter(
    (p) => p.active && p.id !== d.assignee && p.assignments.some((a) => a.role === 'officer' && a.unitId === d.departmentId && a.from <= today && (!a.to || a.to >= today)),
  );

  const missing = (v: string | number) => touched && String(v).trim() === '' && t('form.required');
  const required: Record<Action, (string | number)[]> = {
    claim: [],
    return: [],
    approve: [],
    submit: [reason],
    'send-back': [reason],
    withdraw: [reason],
    release: [reason],
    reassign: [assignee, reason],
    'request-supplement': [reason],
    supplement: [],
    apologize: [newDueAt, reason],
    'pay-fee': [amount, receiptNumber],
    // Not offered in the console (allowedActions): reports come from the departments' systems.
    progress: [],
  };
  const docsMissing = touched && needsComponents && documents.length === 0;

  const bodyOf = (): Record<string, unknown> => {
    switch (action) {
      case 'submit':
        return { outcome, summary: reason };
      case 'approve':
        return note.trim() ? { note } : {};
      case 'reassign':
        return { assignee, reason };
      case 'request-supplement':
        return { reason, documents };
      case 'supplement':
        return { documents: documents.map((code) => ({ code })) };
      case 'apologize':
        // The clock on the wall of the center: a local date and time in Hanoi (+07:00, no daylight saving).
        return { newDueAt: `${newDueAt}:00+07:00`, reason };
      case 'pay-fee':
        return { amount: Number(amount), receiptNumber };
      case 'send-back':
      case 'withdraw':
      case 'release':
        return { reason };
      default:
        return {};
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (required[action].some((v) => String(v).trim() === '') || (needsComponents && documents.length === 0)) return;
    act.run({ code: d.code, action, body: bodyOf() }, { onSuccess: () => onDone(action) });
  };

  return (
    <Modal opened onClose={onClose} title={t(`act.${action}.title`)} size="lg" closeButtonProps={{ 'aria-label': t('common:close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t(`act.${action}.help`, { code: d.code })}</Text>
          {action === 'submit' && (
            <Radio.Group label={t('form.outcome')} value={outcome} onChange={(v) => setOutcome(v as 'approved' | 'refused')} required>
              <Group mt={4}>
                <Radio value="approved" label={t('outcome.approved')} />
                <Radio value="refused" label={t('outcome.refused')} />
              </Group>
            </Radio.Group>
          )}
          {action === 'reassign' &&
            (staff.error ? (
              <ErrorAlert error={staff.error} />
            ) : (
              <NativeSelect
                label={t('form.assignee')}
                required
                disabled={staff.isPending}
                value={assignee}
                error={missing(assignee)}
                data={[{ value: '', label: staff.isPending ? t('common:loading') : t('form.choose') }, ...officers.map((p) => ({ value: p.id, label: `${p.name} (${p.username})` }))]}
                onChange={(e) => setAssignee(e.currentTarget.value)}
              />
            ))}
          {needsComponents &&
            (procedures.error ? (
              <ErrorAlert error={procedures.error} />
            ) : procedures.isPending ? (
              <Text size="sm">{t('common:loading')}</Text>
            ) : (
              <Checkbox.Group label={t(action === 'supplement' ? 'form.broughtDocuments' : 'form.requestedDocuments')} value={documents} onChange={setDocuments} required error={docsMissing ? t('form.chooseDocuments') : undefined}>
                <Stack gap={6} mt={6}>
                  {components.map((c) => (
                    <Checkbox key={c.code} value={c.code} label={c.name} />
                  ))}
                </Stack>
              </Checkbox.Group>
            ))}
          {action === 'apologize' && (
            <TextInput type="datetime-local" label={t('form.newDueAt')} description={t('form.newDueAtHelp')} required value={newDueAt} error={missing(newDueAt)} onChange={(e) => setNewDueAt(e.currentTarget.value)} />
          )}
          {action === 'pay-fee' && (
            <>
              <NumberInput label={t('form.amount')} required min={0} thousandSeparator="." decimalSeparator="," value={amount} error={missing(amount)} onChange={setAmount} />
              <TextInput label={t('form.receiptNumber')} required value={receiptNumber} error={missing(receiptNumber)} onChange={(e) => setReceiptNumber(e.currentTarget.value)} />
            </>
          )}
          {(REASON_ONLY.includes(action) || action === 'reassign' || action === 'request-supplement' || action === 'apologize' || action === 'submit') && (
            <Textarea
              label={t(action === 'submit' ? 'form.summary' : action === 'request-supplement' ? 'form.whatToBring' : 'form.reason')}
              required
              autosize
              minRows={3}
              value={reason}
              error={missing(reason)}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
          )}
          {action === 'approve' && <Textarea label={t('form.note')} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />}
          {act.error && <ErrorAlert error={act.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:cancel')}
            </Button>
            <Button type="submit" loading={act.isPending}>
              {t(`act.${action}.confirm`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
