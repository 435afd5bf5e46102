import { Alert, Badge, Button, Card, Fieldset, Group, NativeSelect, PasswordInput, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_UNIT_KINDS } from '../../../../domain/roles';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import type { Role } from '../../auth/session';
import { formatDate, hanoiToday } from '../../format';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Loading } from '../../layout/Loading';
import { useAdminSearch } from './search';
import { DateField, isCivilDate, useStaffList, useUnits, type StaffMember, type UnitOnDate } from './shared';

type Assignment = components['schemas']['Assignment'];
type AssignmentKind = Assignment['kind'];
const PEOPLE_ROLES: readonly Role[] = ['clerk', 'officer', 'leader', 'supervisor', 'admin'];
const ASSIGNMENT_KINDS: readonly AssignmentKind[] = ['home', 'seconded', 'acting'];
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const MIN_PASSWORD = 12;

type TFn = (k: string, o?: Record<string, unknown>) => string;
const inForce = (a: { from: string; to?: string }, day: string) => a.from <= day && (!a.to || a.to >= day);

/** Staff, their assignments (giving and ending them) and delegations. */
export function StaffTab() {
  const { t } = useTranslation('admin');
  const [search, set] = useAdminSearch();
  const staff = useStaffList();
  const units = useUnits();
  const [creating, setCreating] = useState(false);
  const unitName = (id: string) => units.data?.find((u) => u.id === id)?.name ?? id;
  const today = hanoiToday();
  const q = (search.q ?? '').trim().toLocaleLowerCase('vi');
  const shown = (staff.data ?? []).filter((s) => !q || s.name.toLocaleLowerCase('vi').includes(q) || s.username.includes(q));

  return (
    <Stack>
      <Group align="flex-end">
        <TextInput label={t('staff.search')} value={search.q ?? ''} onChange={(e) => set({ q: e.currentTarget.value || undefined }, { replace: true })} />
        <Button variant={creating ? 'default' : 'filled'} onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
          {t('staff.create')}
        </Button>
      </Group>
      {creating && (
        <CreateStaffForm
          units={units.data ?? []}
          onDone={(id) => {
            setCreating(false);
            set({ staff: id });
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      {search.staff && <StaffDetail key={search.staff} id={search.staff} units={units.data ?? []} everyone={staff.data ?? []} onClose={() => set({ staff: undefined })} />}
      {(staff.isPending || units.isPending) && <Loading label={t('staff.loading')} />}
      {staff.error && <ErrorAlert error={staff.error} onRetry={() => void staff.refetch()} />}
      {units.error && <ErrorAlert error={units.error} onRetry={() => void units.refetch()} />}
      {staff.data && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover captionSide="top">
            <Table.Caption>{t('staff.caption', { count: shown.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('staff.name')}</Table.Th>
                <Table.Th scope="col">{t('staff.username')}</Table.Th>
                <Table.Th scope="col">{t('staff.state')}</Table.Th>
                <Table.Th scope="col">{t('staff.assignmentsNow')}</Table.Th>
                <Table.Th scope="col">{t('staff.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((s) => (
                <Table.Tr key={s.id} aria-current={s.id === search.staff ? 'true' : undefined}>
                  <Table.Th scope="row" fw={500}>
                    {s.name}
                  </Table.Th>
                  <Table.Td>{s.username}</Table.Td>
                  <Table.Td>
                    <ActiveBadge active={s.active} />
                  </Table.Td>
                  <Table.Td>
                    {s.assignments
                      .filter((a) => inForce(a, today))
                      .map((a) => `${t(`common:roles.${a.role}`)} — ${unitName(a.unitId)}`)
                      .join('; ') || t('staff.noAssignment')}
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="light" onClick={() => set({ staff: s.id })} aria-label={t('staff.openOf', { name: s.name })}>
                      {t('staff.open')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {staff.data && shown.length === 0 && <Text>{t('staff.noneMatch')}</Text>}
    </Stack>
  );
}

function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation('admin');
  return (
    <Badge color={active ? 'green' : 'gray'} variant="light" styles={{ label: { color: 'var(--mantine-color-black)' } }}>
      {active ? t('staff.active') : t('staff.inactive')}
    </Badge>
  );
}

interface AssignmentDraft {
  role: Role | '';
  unitId: string;
  kind: AssignmentKind;
  from: string;
  reason: string;
}
const emptyAssignment = (): AssignmentDraft => ({ role: '', unitId: '', kind: 'home', from: hanoiToday(), reason: '' });

function assignmentErrors(a: AssignmentDraft, t: TFn, optional: boolean) {
  if (optional && !a.role) return {};
  return {
    role: !a.role ? t('staff.errors.role') : undefined,
    unitId: !a.unitId ? t('staff.errors.unit') : undefined,
    from: !isCivilDate(a.from) ? t('staff.errors.date') : undefined,
    reason: !a.reason.trim() ? t('staff.errors.reason') : undefined,
  };
}

/** Role, unit (only the kinds of unit that role exists in: domain/roles.ts), kind, first day, reason. */
function AssignmentFields({ value, onChange, errors, units, optional }: { value: AssignmentDraft; onChange: (a: AssignmentDraft) => void; errors: Partial<Record<keyof AssignmentDraft, string>>; units: UnitOnDate[]; optional: boolean }) {
  const { t } = useTranslation('admin');
  const fitting = value.role ? units.filter((u) => ROLE_UNIT_KINDS[value.role as Role].includes(u.kind)).sort((a, b) => a.name.localeCompare(b.name, 'vi')) : [];
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <NativeSelect
        label={t('staff.role')}
        required={!optional}
        data={[{ value: '', label: optional ? t('staff.noRole') : t('staff.chooseRole') }, ...PEOPLE_ROLES.map((r) => ({ value: r, label: t(`common:roles.${r}`) }))]}
        value={value.role}
        error={errors.role}
        onChange={(e) => onChange({ ...value, role: e.currentTarget.value as Role | '', unitId: '' })}
      />
      <NativeSelect
        label={t('staff.unit')}
        required={!optional || Boolean(value.role)}
        disabled={!value.role}
        data={[{ value: '', label: value.role ? t('staff.chooseUnit') : t('staff.chooseRoleFirst') }, ...fitting.map((u) => ({ value: u.id, label: u.name }))]}
        value={value.unitId}
        error={errors.unitId}
        onChange={(e) => onChange({ ...value, unitId: e.currentTarget.value })}
      />
      <NativeSelect
        label={t('staff.kind')}
        disabled={!value.role}
        data={ASSIGNMENT_KINDS.map((k) => ({ value: k, label: t(`staff.kindOf.${k}`) }))}
        value={value.kind}
        onChange={(e) => onChange({ ...value, kind: e.currentTarget.value as AssignmentKind })}
      />
      <DateField label={t('staff.from')} required={!optional || Boolean(value.role)} disabled={!value.role} value={value.from} error={errors.from} onChange={(e) => onChange({ ...value, from: e.currentTarget.value })} />
      <Textarea label={t('staff.reason')} description={t('staff.reasonHint')} required={!optional || Boolean(value.role)} disabled={!value.role} maxLength={1000} autosize minRows={1} value={value.reason} error={errors.reason} onChange={(e) => onChange({ ...value, reason: e.currentTarget.value })} />
    </SimpleGrid>
  );
}

const assignmentBody = (a: AssignmentDraft) => ({ role: a.role as Role, unitId: a.unitId, kind: a.kind, from: a.from, reason: a.reason.trim() });

/** A new person (POST /api/v1/staff) with a password to sign in with, and their first assignment (POST …/assignments). */
function CreateStaffForm({ units, onDone, onCancel }: { units: UnitOnDate[]; onDone: (id: string) => void; onCancel: () => void }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const [f, setF] = useState({ username: '', name: '', email: '', password: '' });
  const [assignment, setAssignment] = useState<AssignmentDraft>(emptyAssignment);
  const [touched, setTouched] = useState(false);
  // Once the person exists, a retry only gives the assignment (the username is theirs now).
  const [created, setCreated] = useState<StaffMember | null>(null);
  const errors = {
    username: !USERNAME.test(f.username) ? t('staff.errors.username') : undefined,
    name: !f.name.trim() ? t('staff.errors.name') : undefined,
    email: f.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.email) ? t('staff.errors.email') : undefined,
    password: !f.password ? t('staff.errors.passwordRequired') : [...f.password].length < MIN_PASSWORD ? t('staff.errors.passwordShort', { min: MIN_PASSWORD }) : f.username && f.password.toLowerCase().includes(f.username) ? t('staff.errors.passwordUsername') : undefined,
  };
  const aErrors = assignmentErrors(assignment, t, true);
  const save = useMutation({
    mutationFn: async () => {
      const person =
        created ??
        (await unwrap(api.POST('/api/v1/staff', { body: { username: f.username, name: f.name.trim(), password: f.password, ...(f.email ? { email: f.email } : {}) } })));
      setCreated(person);
      await qc.invalidateQueries({ queryKey: ['staff'] });
      if (assignment.role) await unwrap(api.POST('/api/v1/staff/{id}/assignments', { params: { path: { id: person.id } }, body: assignmentBody(assignment) }));
      return person;
    },
    onSuccess: async (person) => {
      await qc.invalidateQueries({ queryKey: ['staff'] });
      onDone(person.id);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    const bad = created ? Object.values(aErrors).some(Boolean) : [...Object.values(errors), ...Object.values(aErrors)].some(Boolean);
    if (!bad) save.mutate();
  };
  const field = (k: keyof typeof f) => ({
    value: f[k],
    disabled: Boolean(created),
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setF((x) => ({ ...x, [k]: value }));
    },
    error: touched && !created ? errors[k] : undefined,
  });
  return (
    <Card withBorder component="section" aria-labelledby="create-staff-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h4" id="create-staff-title">
            {t('staff.createTitle')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('staff.username')} description={t('staff.usernameHint')} required autoComplete="off" maxLength={64} {...field('username')} />
            <TextInput label={t('staff.name')} required maxLength={200} {...field('name')} />
            <TextInput label={t('staff.email')} type="email" maxLength={254} {...field('email')} />
            <PasswordInput
              label={t('staff.password')}
              description={t('staff.passwordHint', { min: MIN_PASSWORD })}
              required
              autoComplete="new-password"
              visibilityToggleButtonProps={{ 'aria-label': t('staff.showPassword') }}
              {...field('password')}
            />
          </SimpleGrid>
          <Fieldset legend={t('staff.firstAssignment')}>
            <AssignmentFields value={assignment} onChange={setAssignment} errors={touched ? aErrors : {}} units={units} optional />
          </Fieldset>
          {created && (
            <Alert color="orange" variant="light" role="status">
              {t('staff.createdNotAssigned', { name: created.name })}
            </Alert>
          )}
          {save.error && <ErrorAlert error={save.error} />}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {created ? t('staff.assignSubmit') : t('staff.createSubmit')}
            </Button>
            <Button variant="default" onClick={() => (created ? onDone(created.id) : onCancel())} disabled={save.isPending}>
              {created ? t('staff.openCreated') : t('common:cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** One person (GET /api/v1/staff/{id}): assignments (give, end) and delegations (give). */
function StaffDetail({ id, units, everyone, onClose }: { id: string; units: UnitOnDate[]; everyone: StaffMember[]; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const person = useQuery({ queryKey: ['staff', id], queryFn: () => unwrap(api.GET('/api/v1/staff/{id}', { params: { path: { id } } })) });
  const unitName = (uid: string) => units.find((u) => u.id === uid)?.name ?? uid;
  const staffName = (sid: string) => everyone.find((s) => s.id === sid)?.name ?? sid;
  const [ending, setEnding] = useState<number | null>(null);
  const p = person.data;
  return (
    <Card withBorder component="section" aria-labelledby="staff-title">
      <Stack>
        <Group justify="space-between">
          <Title order={3} size="h4" id="staff-title">
            {p ? t('staff.detailTitle', { name: p.name }) : t('staff.detailTitle', { name: id })}
          </Title>
          <Button variant="default" size="xs" onClick={onClose}>
            {t('common:close')}
          </Button>
        </Group>
        {person.isPending && <Loading label={t('staff.loadingOne')} />}
        {person.error && <ErrorAlert error={person.error} onRetry={() => void person.refetch()} />}
        {p && (
          <>
            <Group gap="lg">
              <Text size="sm">
                {t('staff.username')}: <strong>{p.username}</strong>
              </Text>
              <Text size="sm">
                {t('staff.email')}: {p.email ?? '—'}
              </Text>
              <ActiveBadge active={p.active} />
            </Group>
            <Table.ScrollContainer minWidth={760}>
              <Table striped captionSide="top">
                <Table.Caption>{t('staff.assignmentsCaption', { name: p.name })}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('staff.role')}</Table.Th>
                    <Table.Th scope="col">{t('staff.unit')}</Table.Th>
                    <Table.Th scope="col">{t('staff.kind')}</Table.Th>
                    <Table.Th scope="col">{t('staff.from')}</Table.Th>
                    <Table.Th scope="col">{t('staff.to')}</Table.Th>
                    <Table.Th scope="col">{t('staff.reason')}</Table.Th>
                    <Table.Th scope="col">{t('staff.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {p.assignments.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>{t(`common:roles.${a.role}`)}</Table.Td>
                      <Table.Td>{unitName(a.unitId)}</Table.Td>
                      <Table.Td>{t(`staff.kindOf.${a.kind}`)}</Table.Td>
                      <Table.Td>{formatDate(a.from)}</Table.Td>
                      <Table.Td>{a.to ? formatDate(a.to) : t('staff.openEnded')}</Table.Td>
                      <Table.Td>{a.reason}</Table.Td>
                      <Table.Td>
                        {(!a.to || a.to >= hanoiToday()) && (
                          <Button size="xs" variant="light" color="red" onClick={() => setEnding(a.id)} aria-label={t('staff.endOf', { role: t(`common:roles.${a.role}`), unit: unitName(a.unitId) })}>
                            {t('staff.end')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  {p.assignments.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={7}>{t('staff.noAssignments')}</Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {ending !== null && p.assignments.some((a) => a.id === ending) && (
              <EndAssignmentForm staffId={id} assignment={p.assignments.find((a) => a.id === ending)!} unitName={unitName} onDone={() => setEnding(null)} />
            )}
            <AddAssignmentForm staffId={id} units={units} />
            <Table.ScrollContainer minWidth={640}>
              <Table striped captionSide="top">
                <Table.Caption>{t('staff.delegationsCaption', { name: p.name })}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('staff.delegator')}</Table.Th>
                    <Table.Th scope="col">{t('staff.delegate')}</Table.Th>
                    <Table.Th scope="col">{t('staff.from')}</Table.Th>
                    <Table.Th scope="col">{t('staff.until')}</Table.Th>
                    <Table.Th scope="col">{t('staff.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(p.delegations ?? []).map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>{staffName(d.fromStaffId)}</Table.Td>
                      <Table.Td>{staffName(d.toStaffId)}</Table.Td>
                      <Table.Td>{formatDate(d.from)}</Table.Td>
                      <Table.Td>{formatDate(d.until)}</Table.Td>
                      <Table.Td>{d.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                  {(p.delegations ?? []).length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={5}>{t('staff.noDelegations')}</Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <DelegationForm staffId={id} everyone={everyone.filter((s) => s.active && s.id !== id)} />
          </>
        )}
      </Stack>
    </Card>
  );
}

function AddAssignmentForm({ staffId, units }: { staffId: string; units: UnitOnDate[] }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const [a, setA] = useState<AssignmentDraft>(emptyAssignment);
  const [touched, setTouched] = useState(false);
  const errors = assignmentErrors(a, t, false);
  const add = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/staff/{id}/assignments', { params: { path: { id: staffId } }, body: assignmentBody(a) })),
    onSuccess: async () => {
      setA(emptyAssignment());
      setTouched(false);
      await qc.invalidateQueries({ queryKey: ['staff'] });
    },
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!Object.values(errors).some(Boolean)) add.mutate();
      }}
    >
      <Fieldset legend={t('staff.addAssignment')}>
        <Stack gap="xs">
          <AssignmentFields value={a} onChange={setA} errors={touched ? errors : {}} units={units} optional={false} />
          {add.error && <ErrorAlert error={add.error} />}
          <Group>
            <Button type="submit" loading={add.isPending}>
              {t('staff.addAssignmentSubmit')}
            </Button>
          </Group>
        </Stack>
      </Fieldset>
    </form>
  );
}

/** Ends an assignment: its last day (a day before its first removes it), and why. */
function EndAssignmentForm({ staffId, assignment, unitName, onDone }: { staffId: string; assignment: Assignment; unitName: (id: string) => string; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const [to, setTo] = useState(hanoiToday());
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const errors = { to: !isCivilDate(to) ? t('staff.errors.date') : undefined, reason: !reason.trim() ? t('staff.errors.reason') : undefined };
  const end = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/staff/{id}/assignments/{assignmentId}', { params: { path: { id: staffId, assignmentId: assignment.id } }, body: { to, reason: reason.trim() } })),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['staff'] });
      onDone();
    },
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!errors.to && !errors.reason) end.mutate();
      }}
    >
      <Fieldset legend={t('staff.endTitle', { role: t(`common:roles.${assignment.role}`), unit: unitName(assignment.unitId) })}>
        <Stack gap="xs">
          <Text size="sm">{t('staff.endHint', { from: formatDate(assignment.from) })}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <DateField label={t('staff.lastDay')} required value={to} error={touched ? errors.to : undefined} onChange={(e) => setTo(e.currentTarget.value)} />
            <Textarea label={t('staff.reason')} required maxLength={1000} autosize minRows={1} value={reason} error={touched ? errors.reason : undefined} onChange={(e) => setReason(e.currentTarget.value)} />
          </SimpleGrid>
          {end.error && <ErrorAlert error={end.error} />}
          <Group>
            <Button type="submit" color="red" loading={end.isPending}>
              {t('staff.endSubmit')}
            </Button>
            <Button variant="default" onClick={onDone} disabled={end.isPending}>
              {t('common:cancel')}
            </Button>
          </Group>
        </Stack>
      </Fieldset>
    </form>
  );
}

/** A delegation from this person (who will be away) to a colleague, for a span of days. */
function DelegationForm({ staffId, everyone }: { staffId: string; everyone: StaffMember[] }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const [d, setD] = useState({ to: '', from: hanoiToday(), until: hanoiToday(), reason: '' });
  const [touched, setTouched] = useState(false);
  const errors = {
    to: !d.to ? t('staff.errors.delegate') : undefined,
    from: !isCivilDate(d.from) ? t('staff.errors.date') : undefined,
    until: !isCivilDate(d.until) ? t('staff.errors.date') : d.until < d.from ? t('staff.errors.untilBeforeFrom') : undefined,
    reason: !d.reason.trim() ? t('staff.errors.reason') : undefined,
  };
  const add = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/staff/{id}/delegations', { params: { path: { id: staffId } }, body: { ...d, reason: d.reason.trim() } })),
    onSuccess: async () => {
      setD({ to: '', from: hanoiToday(), until: hanoiToday(), reason: '' });
      setTouched(false);
      await qc.invalidateQueries({ queryKey: ['staff', staffId] });
    },
  });
  const field = (k: keyof typeof d) => ({
    value: d[k],
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setD((x) => ({ ...x, [k]: value }));
    },
    error: touched ? errors[k] : undefined,
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!Object.values(errors).some(Boolean)) add.mutate();
      }}
    >
      <Fieldset legend={t('staff.addDelegation')}>
        <Stack gap="xs">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect label={t('staff.delegate')} required data={[{ value: '', label: t('staff.chooseDelegate') }, ...everyone.map((s) => ({ value: s.id, label: `${s.name} (${s.username})` }))]} {...field('to')} />
            <DateField label={t('staff.from')} required {...field('from')} />
            <DateField label={t('staff.until')} required {...field('until')} />
            <Textarea label={t('staff.reason')} required maxLength={1000} autosize minRows={1} {...field('reason')} />
          </SimpleGrid>
          {add.error && <ErrorAlert error={add.error} />}
          <Group>
            <Button type="submit" loading={add.isPending}>
              {t('staff.addDelegationSubmit')}
            </Button>
          </Group>
        </Stack>
      </Fieldset>
    </form>
  );
}
