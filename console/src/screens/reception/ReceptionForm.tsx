import { Alert, Button, Checkbox, Group, List, Modal, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, idempotencyKey, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useUnitNames } from '../../api/units';
import { formatDateTime, formatMoney } from '../../format';
import { ErrorAlert } from '../../layout/ErrorAlert';
import type { ReceptionOutcome } from './Outcome';

type Procedure = components['schemas']['Procedure'];
type Branch = components['schemas']['Branch'];
type Applicant = components['schemas']['Applicant'];
type Channel = components['schemas']['ReceiveDossier']['channel'];

// The API's own patterns (api/schemas.ts Applicant, domain/fees.ts FeePaymentBody): checked here first, in words.
const ID_NUMBER = /^[0-9A-Za-z]{6,20}$/;
const PHONE = /^\+?[0-9 .-]{8,20}$/;
const EMAIL = /^[A-Za-z0-9_'+.-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,63}$/;
const FEE_RECEIPT = /^[A-Za-z0-9][A-Za-z0-9 ./_-]{0,63}$/;
const CHANNELS: Channel[] = ['in_person', 'postal', 'online'];

/**
 * One Idempotency-Key per press of a button: the same request sent again (a retry after a failure) reuses it, a
 * different one gets a new key.
 */
function useKeyPerPress() {
  const last = useRef<{ body: string; key: string } | null>(null);
  return (body: unknown) => {
    const text = JSON.stringify(body);
    if (last.current?.body !== text) last.current = { body: text, key: idempotencyKey() };
    return last.current.key;
  };
}

interface Props {
  procedure: Procedure;
  unitId: string;
  branches: Branch[];
  offeredHere: boolean;
  branchOperating: boolean;
  onDone: (outcome: ReceptionOutcome) => void;
  /** An online submission being handled: the form starts from what the applicant sent, and each outcome names it. */
  online?: OnlineStart;
}

/** What an online submission brings to the form (its id goes with whichever outcome the clerk records). */
export interface OnlineStart {
  id: string;
  applicant: Applicant;
  documentCodes: string[];
  returnBranchId?: string;
  /** The clerk chose "refuse" in the queue: the refusal's reason is asked at once. */
  refuse?: boolean;
}

/** The form for one applicant and one procedure: checklist, applicant, where and how, fee, appointment, outcome. */
export function ReceptionForm({ procedure, unitId, branches, offeredHere, branchOperating, onDone, online }: Props) {
  const { t, i18n } = useTranslation('reception');
  const unitName = useUnitNames();
  // From an online submission: the components it brought that the procedure lists (a conditional one it brought applies).
  const [brought, setBrought] = useState<Set<string>>(() => new Set(procedure.requiredDocuments.filter((c) => online?.documentCodes.includes(c.code)).map((c) => c.code)));
  const [applies, setApplies] = useState<Set<string>>(() => new Set(procedure.requiredDocuments.filter((c) => c.requirement === 'conditional' && online?.documentCodes.includes(c.code)).map((c) => c.code)));
  const [applicant, setApplicant] = useState(() => ({
    fullName: online?.applicant.fullName ?? '',
    idNumber: online?.applicant.idNumber ?? '',
    phone: online?.applicant.phone ?? '',
    email: online?.applicant.email ?? '',
    address: online?.applicant.address ?? '',
  }));
  const [channel, setChannel] = useState<Channel>(online ? 'online' : 'in_person');
  const [returnBranchId, setReturnBranchId] = useState(online?.returnBranchId && branches.some((b) => b.id === online.returnBranchId) ? online.returnBranchId : unitId);
  const [authorityUnitId, setAuthorityUnitId] = useState('');
  const [note, setNote] = useState('');
  const fee = procedure.fee;
  const feeHere = fee.amount !== 0 && fee.collectedAt === 'reception';
  const [collectFee, setCollectFee] = useState(feeHere);
  const [feeAmount, setFeeAmount] = useState(fee.amount ? String(fee.amount) : '');
  const [feeReceipt, setFeeReceipt] = useState('');
  const [feeNote, setFeeNote] = useState('');
  const [tried, setTried] = useState(false);
  const [refusing, setRefusing] = useState(Boolean(online?.refuse));
  const [reason, setReason] = useState('');
  const [reasonTried, setReasonTried] = useState(false);
  const keyFor = { receive: useKeyPerPress(), guidance: useKeyPerPress(), refusal: useKeyPerPress() };

  const communes = useQuery({
    queryKey: ['units', 'commune'],
    queryFn: () => unwrap(api.GET('/api/v1/units', { params: { query: { kind: 'commune' } } })),
    enabled: procedure.authorityLevel === 'commune',
    staleTime: 10 * 60_000,
  });
  // The appointment were the dossier received now (the workflow's own rule, GET /calendar/due-date).
  const [previewAt] = useState(() => new Date().toISOString());
  const due = useQuery({
    queryKey: ['due-date', procedure.code, previewAt],
    queryFn: () => unwrap(api.GET('/api/v1/calendar/due-date', { params: { query: { receivedAt: previewAt, procedureCode: procedure.code } } })),
  });

  const components = procedure.requiredDocuments;
  const required = components.filter((c) => c.requirement === 'mandatory' || applies.has(c.code));
  const missing = required.filter((c) => !brought.has(c.code));
  const condition = (c: Procedure['requiredDocuments'][number]) => (i18n.language === 'en' ? (c.conditionEn ?? c.condition) : c.condition);

  const errors = {
    fullName: applicant.fullName.trim() ? undefined : t('applicant.errors.fullName'),
    idNumber: ID_NUMBER.test(applicant.idNumber.trim()) ? undefined : t('applicant.errors.idNumber'),
    phone: PHONE.test(applicant.phone.trim()) ? undefined : t('applicant.errors.phone'),
    email: !applicant.email.trim() || EMAIL.test(applicant.email.trim()) ? undefined : t('applicant.errors.email'),
    commune: procedure.authorityLevel === 'commune' && !authorityUnitId ? t('details.communeRequired') : undefined,
  };
  const feeErrors =
    feeHere && collectFee
      ? {
          amount: !/^\d+$/.test(feeAmount) ? t('fee.amountRequired') : fee.amount !== null && Number(feeAmount) !== fee.amount ? t('fee.amountMismatch', { amount: formatMoney(fee.amount, i18n.language) }) : undefined,
          receipt: FEE_RECEIPT.test(feeReceipt.trim()) ? undefined : t('fee.receiptRequired'),
          note: fee.amount === null && !feeNote.trim() ? t('fee.noteRequired') : undefined,
        }
      : {};
  const applicantOk = !errors.fullName && !errors.idNumber && !errors.phone && !errors.email;
  const shown = (e: string | undefined) => (tried ? e : undefined);

  const applicantBody = (): Applicant => ({
    fullName: applicant.fullName.trim(),
    idNumber: applicant.idNumber.trim(),
    phone: applicant.phone.trim(),
    ...(applicant.email.trim() ? { email: applicant.email.trim() } : {}),
    ...(applicant.address.trim() ? { address: applicant.address.trim() } : {}),
  });
  const documents = components.filter((c) => brought.has(c.code)).map((c) => ({ code: c.code }));
  const conditionalApplies = components.filter((c) => c.requirement === 'conditional' && applies.has(c.code)).map((c) => c.code);
  const submission = online ? { onlineSubmissionId: online.id } : {};

  const receive = useMutation({
    mutationFn: async () => {
      const body: components['schemas']['ReceiveDossier'] = {
        procedureCode: procedure.code,
        applicant: applicantBody(),
        documents,
        conditionalApplies,
        channel,
        ...(returnBranchId !== unitId ? { returnBranchId } : {}),
        ...(procedure.authorityLevel === 'commune' ? { authorityUnitId } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(feeHere && collectFee ? { fee: { amount: Number(feeAmount), receiptNumber: feeReceipt.trim(), ...(feeNote.trim() ? { note: feeNote.trim() } : {}) } } : {}),
        ...submission,
      };
      return unwrap(api.POST('/api/v1/dossiers', { body, params: { header: { 'Idempotency-Key': keyFor.receive(body) } } }));
    },
    onSuccess: (dossier) => onDone({ kind: 'received', dossier }),
  });
  const guidance = useMutation({
    mutationFn: async () => {
      const body: components['schemas']['GuidanceRequest'] = {
        procedureCode: procedure.code,
        applicant: applicantBody(),
        documents,
        conditionalApplies,
        channel,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...submission,
      };
      return unwrap(api.POST('/api/v1/reception/guidance', { body, params: { header: { 'Idempotency-Key': keyFor.guidance(body) } } }));
    },
    onSuccess: (record) => onDone({ kind: 'guidance', record }),
  });
  const refusal = useMutation({
    mutationFn: async () => {
      const body: components['schemas']['RefusalRequest'] = { procedureCode: procedure.code, applicant: applicantBody(), channel, reason: reason.trim(), ...submission };
      return unwrap(api.POST('/api/v1/reception/refusals', { body, params: { header: { 'Idempotency-Key': keyFor.refusal(body) } } }));
    },
    onSuccess: (record) => onDone({ kind: 'refusal', record }),
  });
  const busy = receive.isPending || guidance.isPending || refusal.isPending;
  const [blocked, setBlocked] = useState<string | null>(null);

  const onReceive = () => {
    setTried(true);
    setBlocked(null);
    if (!offeredHere) return setBlocked(t('actions.notReceivable'));
    if (missing.length) return setBlocked(`${t('checklist.missing', { count: missing.length, names: missing.map((c) => c.name).join('; ') })} ${t('checklist.missingHint')}`);
    if (!applicantOk || errors.commune || Object.values(feeErrors).some(Boolean)) return setBlocked(t('actions.fixErrors'));
    receive.mutate();
  };
  const onGuidance = () => {
    setTried(true);
    setBlocked(null);
    if (!applicantOk) return setBlocked(t('actions.fixErrors'));
    if (missing.length === 0 && !note.trim()) return setBlocked(t('guidanceNote.required'));
    guidance.mutate();
  };
  const onRefuse = () => {
    setTried(true);
    setBlocked(null);
    if (!applicantOk) return setBlocked(t('actions.fixErrors'));
    setReasonTried(false);
    setRefusing(true);
  };

  // The API's 422 incomplete_dossier (should the checklist and the catalogue disagree), in words.
  const receiveError = receive.error instanceof ApiError && receive.error.code === 'incomplete_dossier' ? incompleteWords(receive.error, components, t) : receive.error;
  const namedError = (e: unknown) => {
    if (!(e instanceof ApiError)) return e;
    // 409 already_handled: a colleague (or another tab) recorded this online submission's outcome first.
    const handled = e.code === 'conflict' && (e.details as { reason?: unknown } | undefined)?.reason === 'already_handled';
    const key = handled ? 'already_handled' : ['not_conditional_component', 'fee_mismatch', 'fee_not_due'].includes(e.code) ? e.code : null;
    return key ? new ApiError(e.status, e.code, `${t(`errors.${key}`)} ${e.message}`, e.details) : e;
  };

  const returnChoices = branches.map((b) => ({
    value: b.id,
    label: b.kind === 'reception_point' ? t('details.pointOf', { name: b.name }) : b.name,
  }));

  return (
    <Stack gap="lg">
      <Paper withBorder p="md" component="section" aria-labelledby="procedure-title">
        <Title order={3} size="h4" id="procedure-title" mb="sm">
          {t('procedure.title', { name: procedure.name })}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <Fact label={t('procedure.code')} value={procedure.code} />
          <Fact label={t('procedure.authority')} value={procedure.authorityLevel === 'commune' ? t('procedure.authorityCommune') : unitName(procedure.departmentId)} />
          <Fact label={t('procedure.time')} value={t(`procedure.units.${procedure.processingTime.unit}`, { count: procedure.processingTime.value })} />
          <Fact label={t('procedure.fee')} value={feeWords(fee, i18n.language, t)} />
        </SimpleGrid>
        {!offeredHere && (
          <Alert color="red" variant="light" mt="md" title={t('procedure.notOfferedTitle')} role="status">
            {branchOperating ? t('procedure.notOffered') : t('procedure.branchClosed')}
          </Alert>
        )}
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="checklist-title">
        <Title order={3} size="h4" id="checklist-title" mb="sm">
          {t('checklist.title')}
        </Title>
        <Table withTableBorder>
          <Table.Caption>{t('checklist.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('checklist.brought')}</Table.Th>
              <Table.Th scope="col">{t('checklist.component')}</Table.Th>
              <Table.Th scope="col">{t('checklist.requirement')}</Table.Th>
              <Table.Th scope="col">{t('checklist.applies')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {components.map((c) => (
              <Table.Tr key={c.code}>
                <Table.Td>
                  <Checkbox aria-label={t('checklist.broughtLabel', { name: c.name })} checked={brought.has(c.code)} onChange={(e) => setBrought(toggled(brought, c.code, e.currentTarget.checked))} />
                </Table.Td>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>
                  {c.requirement === 'mandatory' ? (
                    <Text size="sm" fw={600}>
                      {t('checklist.mandatory')}
                    </Text>
                  ) : (
                    <Text size="sm">{condition(c) ? t('checklist.conditional', { condition: condition(c) }) : t('checklist.conditionalNoText')}</Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {c.requirement === 'conditional' ? (
                    <Checkbox aria-label={t('checklist.appliesLabel', { name: c.name })} checked={applies.has(c.code)} onChange={(e) => setApplies(toggled(applies, c.code, e.currentTarget.checked))} />
                  ) : (
                    <Text size="xs" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm" mt="sm" role="status" c={missing.length ? 'red.9' : 'teal.9'} fw={600}>
          {missing.length ? t('checklist.missing', { count: missing.length, names: missing.map((c) => c.name).join('; ') }) : t('checklist.complete')}
        </Text>
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="applicant-title">
        <Title order={3} size="h4" id="applicant-title" mb="sm">
          {t('applicant.title')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('applicant.fullName')} required value={applicant.fullName} onChange={(e) => setApplicant({ ...applicant, fullName: e.currentTarget.value })} error={shown(errors.fullName)} autoComplete="off" />
          <TextInput label={t('applicant.idNumber')} required value={applicant.idNumber} onChange={(e) => setApplicant({ ...applicant, idNumber: e.currentTarget.value })} error={shown(errors.idNumber)} autoComplete="off" />
          <TextInput label={t('applicant.phone')} required type="tel" value={applicant.phone} onChange={(e) => setApplicant({ ...applicant, phone: e.currentTarget.value })} error={shown(errors.phone)} autoComplete="off" />
          <TextInput label={t('applicant.email')} type="email" value={applicant.email} onChange={(e) => setApplicant({ ...applicant, email: e.currentTarget.value })} error={shown(errors.email)} autoComplete="off" />
        </SimpleGrid>
        <TextInput mt="sm" label={t('applicant.address')} value={applicant.address} onChange={(e) => setApplicant({ ...applicant, address: e.currentTarget.value })} autoComplete="off" />
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="details-title">
        <Title order={3} size="h4" id="details-title" mb="sm">
          {t('details.title')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect label={t('details.channel')} data={CHANNELS.map((c) => ({ value: c, label: t(`details.channels.${c}`) }))} value={channel} onChange={(e) => setChannel(e.currentTarget.value as Channel)} />
          <NativeSelect label={t('details.returnBranch')} data={returnChoices} value={returnBranchId} onChange={(e) => setReturnBranchId(e.currentTarget.value)} />
          {procedure.authorityLevel === 'commune' &&
            (communes.error ? (
              <ErrorAlert error={communes.error} onRetry={() => void communes.refetch()} />
            ) : (
              <NativeSelect
                label={t('details.commune')}
                required
                disabled={!communes.data}
                data={[{ value: '', label: t('details.chooseCommune') }, ...(communes.data ?? []).map((u) => ({ value: u.id, label: u.name }))]}
                value={authorityUnitId}
                onChange={(e) => setAuthorityUnitId(e.currentTarget.value)}
                error={shown(errors.commune)}
              />
            ))}
        </SimpleGrid>
        <Textarea mt="sm" label={t('details.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={2000} />
      </Paper>

      {fee.amount !== 0 && (
        <Paper withBorder p="md" component="section" aria-labelledby="fee-title">
          <Title order={3} size="h4" id="fee-title" mb="sm">
            {t('fee.title')}
          </Title>
          <Text size="sm" mb="sm">
            {feeWords(fee, i18n.language, t)}
          </Text>
          {feeHere ? (
            <Stack gap="sm">
              <Checkbox label={t('fee.collectNow')} checked={collectFee} onChange={(e) => setCollectFee(e.currentTarget.checked)} />
              {collectFee ? (
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <TextInput label={t('fee.amount')} inputMode="numeric" required value={feeAmount} readOnly={fee.amount !== null} onChange={(e) => setFeeAmount(e.currentTarget.value.replace(/\D/g, ''))} error={shown(feeErrors.amount)} />
                  <TextInput label={t('fee.receiptNumber')} required value={feeReceipt} onChange={(e) => setFeeReceipt(e.currentTarget.value)} error={shown(feeErrors.receipt)} autoComplete="off" />
                  <TextInput label={t('fee.note')} placeholder={fee.amount === null ? t('fee.notePlaceholder') : undefined} required={fee.amount === null} value={feeNote} onChange={(e) => setFeeNote(e.currentTarget.value)} error={shown(feeErrors.note)} />
                </SimpleGrid>
              ) : (
                fee.payBeforeProcessing && (
                  <Alert color="yellow" variant="light">
                    {t('fee.waitsForFee')}
                  </Alert>
                )
              )}
            </Stack>
          ) : (
            <Text size="sm">{t('fee.later')}</Text>
          )}
        </Paper>
      )}

      <Paper withBorder p="md" component="section" aria-labelledby="appointment-title">
        <Title order={3} size="h4" id="appointment-title" mb="xs">
          {t('appointment.title')}
        </Title>
        {due.error ? (
          <ErrorAlert error={due.error} onRetry={() => void due.refetch()} />
        ) : !due.data ? (
          <Text size="sm" role="status">
            {t('appointment.loading')}
          </Text>
        ) : (
          <>
            <Text fw={600}>{t('appointment.ifNow', { at: formatDateTime(due.data.dueAt) })}</Text>
            {due.data.calendarStatus === 'provisional' && (
              <Text size="sm" c="orange.9">
                {t('appointment.provisional')}
              </Text>
            )}
          </>
        )}
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="actions-title">
        <Title order={3} size="h4" id="actions-title" mb="sm">
          {t('actions.title')}
        </Title>
        <Stack gap="sm">
          {blocked && (
            <Alert color="red" variant="light" role="alert">
              {blocked}
            </Alert>
          )}
          {receive.error ? <ErrorAlert error={namedError(receiveError)} /> : null}
          {guidance.error ? <ErrorAlert error={namedError(guidance.error)} /> : null}
          {refusal.error && !refusing ? <ErrorAlert error={namedError(refusal.error)} /> : null}
          <Group>
            <Button onClick={onReceive} loading={receive.isPending} disabled={busy && !receive.isPending}>
              {t('actions.receive')}
            </Button>
            <Button variant="outline" onClick={onGuidance} loading={guidance.isPending} disabled={busy && !guidance.isPending}>
              {t('actions.guidance')}
            </Button>
            <Button variant="outline" color="red" onClick={onRefuse} disabled={busy}>
              {t('actions.refuse')}
            </Button>
          </Group>
        </Stack>
      </Paper>

      <Modal opened={refusing} onClose={() => setRefusing(false)} title={t('refusal.title')} closeButtonProps={{ 'aria-label': t('common:close') }}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setReasonTried(true);
            if (reason.trim()) refusal.mutate(undefined, { onSuccess: () => setRefusing(false) });
          }}
        >
          <Stack>
            <Textarea label={t('refusal.reason')} required autosize minRows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={reasonTried && !reason.trim() ? t('refusal.reasonRequired') : undefined} data-autofocus />
            {refusal.error ? <ErrorAlert error={namedError(refusal.error)} /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRefusing(false)}>
                {t('common:cancel')}
              </Button>
              <Button type="submit" color="red" loading={refusal.isPending}>
                {t('refusal.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Text size="sm">
      <Text span c="dimmed">
        {label}:
      </Text>{' '}
      {value}
    </Text>
  );
}

function toggled(set: Set<string>, code: string, on: boolean): Set<string> {
  const next = new Set(set);
  if (on) next.add(code);
  else next.delete(code);
  return next;
}

type T = (key: string, options?: Record<string, unknown>) => string;

function feeWords(fee: Procedure['fee'], lang: string, t: T): string {
  if (fee.amount === 0) return t('procedure.free');
  const amount = fee.amount === null ? t('procedure.varies') : formatMoney(fee.amount, lang);
  if (fee.collectedAt === 'return') return t('procedure.feeAtReturn', { amount });
  return fee.payBeforeProcessing ? t('procedure.feeBefore', { amount }) : t('procedure.feeAtReception', { amount });
}

/** 422 incomplete_dossier with the components' names (details.missing), the API's message kept. */
function incompleteWords(error: ApiError, components: Procedure['requiredDocuments'], t: T): ApiError {
  const details = error.details as { missingDocuments?: string[] } | undefined;
  const names = (details?.missingDocuments ?? []).map((code) => components.find((c) => c.code === code)?.name ?? code);
  return new ApiError(error.status, error.code, `${t('errors.incomplete', { names: names.join('; ') })} ${error.message}`, error.details);
}

export function MissingList({ items }: { items: { code: string; name: string }[] }) {
  return (
    <List size="sm">
      {items.map((c) => (
        <List.Item key={c.code}>{c.name}</List.Item>
      ))}
    </List>
  );
}
