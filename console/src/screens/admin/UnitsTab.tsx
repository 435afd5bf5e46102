import { Alert, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { formatDate, hanoiToday } from '../../format';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Loading } from '../../layout/Loading';
import { useAdminSearch } from './search';
import { DateField, isCivilDate, UNIT_KINDS, useUnits, type UnitKind, type UnitOnDate } from './shared';

const IDENTIFIER = /^[A-Za-z0-9_.:@-]{1,100}$/;
/** The kind of parent a unit of each kind has (domain/units.ts parentRule): none for the others. */
const PARENT_KIND: Partial<Record<UnitKind, UnitKind>> = { branch: 'center', reception_point: 'branch' };

/** Units over time: those in operation on a day (filtered), one unit's versions, creating and renaming. */
export function UnitsTab() {
  const { t } = useTranslation('admin');
  const [search, set] = useAdminSearch();
  const units = useUnits(search.on);
  const [creating, setCreating] = useState(false);
  const names = new Map((units.data ?? []).map((u) => [u.id, u.name] as const));
  const q = (search.q ?? '').trim().toLocaleLowerCase('vi');
  const shown = (units.data ?? []).filter((u) => (!search.kind || u.kind === search.kind) && (!q || u.name.toLocaleLowerCase('vi').includes(q) || u.code.toLowerCase().includes(q) || u.id.toLowerCase().includes(q)));

  return (
    <Stack>
      <Group align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('units.kindFilter')}
          value={search.kind ?? ''}
          data={[{ value: '', label: t('units.allKinds') }, ...UNIT_KINDS.map((k) => ({ value: k, label: t(`units.kind.${k}`) }))]}
          onChange={(e) => set({ kind: (e.currentTarget.value || undefined) as UnitKind | undefined })}
        />
        <TextInput label={t('units.search')} value={search.q ?? ''} onChange={(e) => set({ q: e.currentTarget.value || undefined }, { replace: true })} />
        <DateField label={t('units.on')} value={search.on ?? hanoiToday()} onChange={(e) => set({ on: isCivilDate(e.currentTarget.value) ? e.currentTarget.value : undefined })} />
        <Button variant={creating ? 'default' : 'filled'} onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
          {t('units.create')}
        </Button>
      </Group>
      {creating && (
        <CreateUnitForm
          units={units.data ?? []}
          onDone={(id) => {
            setCreating(false);
            set({ unit: id });
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      {search.unit && <UnitDetail key={search.unit} id={search.unit} nameOf={(id) => names.get(id) ?? id} onClose={() => set({ unit: undefined })} />}
      {units.isPending && <Loading label={t('units.loading')} />}
      {units.error && <ErrorAlert error={units.error} onRetry={() => void units.refetch()} />}
      {units.data && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover captionSide="top">
            <Table.Caption>{t('units.caption', { count: shown.length, on: formatDate(search.on ?? hanoiToday()) })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('units.name')}</Table.Th>
                <Table.Th scope="col">{t('units.code')}</Table.Th>
                <Table.Th scope="col">{t('units.kindCol')}</Table.Th>
                <Table.Th scope="col">{t('units.parent')}</Table.Th>
                <Table.Th scope="col">{t('units.from')}</Table.Th>
                <Table.Th scope="col">{t('units.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((u) => (
                <Table.Tr key={u.id} aria-current={u.id === search.unit ? 'true' : undefined}>
                  <Table.Th scope="row" fw={500}>
                    {u.name}
                  </Table.Th>
                  <Table.Td>{u.code}</Table.Td>
                  <Table.Td>{t(`units.kind.${u.kind}`)}</Table.Td>
                  <Table.Td>{u.parentId ? (names.get(u.parentId) ?? u.parentId) : '—'}</Table.Td>
                  <Table.Td>{formatDate(u.from)}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="light" onClick={() => set({ unit: u.id })} aria-label={t('units.historyOf', { name: u.name })}>
                      {t('units.history')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {units.data && shown.length === 0 && <Text>{t('units.noneMatch')}</Text>}
    </Stack>
  );
}

/** A unit's versions over time (GET /api/v1/units/{id}), and renaming it from a day (PATCH /api/v1/units/{id}). */
function UnitDetail({ id, nameOf, onClose }: { id: string; nameOf: (id: string) => string; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const history = useQuery({ queryKey: ['unit', id], queryFn: () => unwrap(api.GET('/api/v1/units/{id}', { params: { path: { id } } })) });
  const latest = history.data?.versions.at(-1);
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [from, setFrom] = useState(hanoiToday());
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [renamed, setRenamed] = useState(false);
  const rename = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/units/{id}', {
          params: { path: { id } },
          body: { effectiveFrom: from, reason: reason.trim(), ...(name.trim() ? { name: name.trim() } : {}), ...(code.trim() ? { code: code.trim() } : {}) },
        }),
      ),
    onSuccess: async (answer) => {
      qc.setQueryData(['unit', id], answer);
      await qc.invalidateQueries({ queryKey: ['units'] });
      setName('');
      setCode('');
      setReason('');
      setTouched(false);
      setRenamed(true);
    },
  });
  const errors = {
    change: !name.trim() && !code.trim() ? t('units.errors.nothingToChange') : undefined,
    code: code.trim() && !IDENTIFIER.test(code.trim()) ? t('units.errors.identifier') : undefined,
    from: !isCivilDate(from) ? t('units.errors.date') : undefined,
    reason: !reason.trim() ? t('units.errors.reason') : undefined,
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    setRenamed(false);
    if (!Object.values(errors).some(Boolean)) rename.mutate();
  };

  return (
    <Card withBorder component="section" aria-labelledby="unit-title">
      <Stack>
        <Group justify="space-between">
          <Title order={3} size="h4" id="unit-title">
            {latest ? t('units.detailTitle', { name: latest.name }) : t('units.detailTitle', { name: id })}
          </Title>
          <Button variant="default" size="xs" onClick={onClose}>
            {t('common:close')}
          </Button>
        </Group>
        {history.isPending && <Loading label={t('units.loadingHistory')} />}
        {history.error && <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />}
        {history.data && (
          <Table.ScrollContainer minWidth={640}>
            <Table striped captionSide="top">
              <Table.Caption>{t('units.versionsCaption', { id })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('units.from')}</Table.Th>
                  <Table.Th scope="col">{t('units.to')}</Table.Th>
                  <Table.Th scope="col">{t('units.name')}</Table.Th>
                  <Table.Th scope="col">{t('units.code')}</Table.Th>
                  <Table.Th scope="col">{t('units.parent')}</Table.Th>
                  <Table.Th scope="col">{t('units.mergedInto')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {history.data.versions.map((v) => (
                  <Table.Tr key={v.from}>
                    <Table.Td>{formatDate(v.from)}</Table.Td>
                    <Table.Td>{v.to ? formatDate(v.to) : t('units.openEnded')}</Table.Td>
                    <Table.Td>{v.name}</Table.Td>
                    <Table.Td>{v.code}</Table.Td>
                    <Table.Td>{v.parentId ? nameOf(v.parentId) : '—'}</Table.Td>
                    <Table.Td>{v.mergedInto ? nameOf(v.mergedInto) : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {latest && !latest.to && (
          <form onSubmit={submit} noValidate aria-labelledby="rename-title">
            <Stack gap="xs">
              <Title order={4} size="h5" id="rename-title">
                {t('units.renameTitle')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('units.newName')} value={name} maxLength={300} onChange={(e) => setName(e.currentTarget.value)} error={touched ? errors.change : undefined} />
                <TextInput label={t('units.newCode')} value={code} maxLength={100} onChange={(e) => setCode(e.currentTarget.value)} error={touched ? errors.code : undefined} />
                <DateField label={t('units.effectiveFrom')} value={from} required min={latest.from} onChange={(e) => setFrom(e.currentTarget.value)} error={touched ? errors.from : undefined} />
                <Textarea label={t('units.reason')} value={reason} required maxLength={2000} autosize minRows={1} onChange={(e) => setReason(e.currentTarget.value)} error={touched ? errors.reason : undefined} />
              </SimpleGrid>
              {rename.error && <ErrorAlert error={rename.error} />}
              {renamed && (
                <Alert color="green" variant="light" role="status">
                  {t('units.renamed')}
                </Alert>
              )}
              <Group>
                <Button type="submit" loading={rename.isPending}>
                  {t('units.renameSubmit')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}

/** A new unit from a day (POST /api/v1/units): a branch under the center, a reception point under a branch. */
function CreateUnitForm({ units, onDone, onCancel }: { units: UnitOnDate[]; onDone: (id: string) => void; onCancel: () => void }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const [f, setF] = useState({ id: '', code: '', name: '', kind: 'department' as UnitKind, parentId: '', address: '', from: hanoiToday(), reason: '' });
  const [touched, setTouched] = useState(false);
  const parentKind = PARENT_KIND[f.kind];
  const parents = parentKind ? units.filter((u) => u.kind === parentKind) : [];
  const errors = {
    id: !IDENTIFIER.test(f.id) ? t('units.errors.identifier') : undefined,
    code: !IDENTIFIER.test(f.code) ? t('units.errors.identifier') : undefined,
    name: !f.name.trim() ? t('units.errors.name') : undefined,
    parentId: parentKind && !f.parentId ? t('units.errors.parent') : undefined,
    from: !isCivilDate(f.from) ? t('units.errors.date') : undefined,
    reason: !f.reason.trim() ? t('units.errors.reason') : undefined,
  };
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/units', {
          body: {
            id: f.id,
            code: f.code,
            name: f.name.trim(),
            kind: f.kind,
            from: f.from,
            reason: f.reason.trim(),
            ...(parentKind ? { parentId: f.parentId } : {}),
            ...(f.address.trim() ? { address: f.address.trim() } : {}),
          },
        }),
      ),
    onSuccess: async (u) => {
      await qc.invalidateQueries({ queryKey: ['units'] });
      onDone(u.id);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!Object.values(errors).some(Boolean)) create.mutate();
  };
  const field = (k: keyof typeof f) => ({
    value: f[k],
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setF((x) => ({ ...x, [k]: value }));
    },
    error: touched ? (errors as Record<string, string | undefined>)[k] : undefined,
  });
  return (
    <Card withBorder component="section" aria-labelledby="create-unit-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Title order={3} size="h4" id="create-unit-title">
            {t('units.createTitle')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t('units.kindCol')}
              required
              data={UNIT_KINDS.filter((k) => k !== 'center').map((k) => ({ value: k, label: t(`units.kind.${k}`) }))}
              value={f.kind}
              onChange={(e) => {
                const kind = e.currentTarget.value as UnitKind;
                setF((x) => ({ ...x, kind, parentId: '' }));
              }}
            />
            {parentKind && (
              <NativeSelect
                label={t('units.parent')}
                required
                data={[{ value: '', label: t('units.chooseParent') }, ...parents.map((u) => ({ value: u.id, label: u.name }))]}
                {...field('parentId')}
              />
            )}
            <TextInput label={t('units.id')} description={t('units.idHint')} required maxLength={100} {...field('id')} />
            <TextInput label={t('units.code')} description={t('units.codeHint')} required maxLength={100} {...field('code')} />
            <TextInput label={t('units.name')} required maxLength={300} {...field('name')} />
            <TextInput label={t('units.address')} maxLength={500} {...field('address')} />
            <DateField label={t('units.opensOn')} required {...field('from')} />
            <Textarea label={t('units.reason')} required maxLength={2000} autosize minRows={1} {...field('reason')} />
          </SimpleGrid>
          {create.error && <ErrorAlert error={create.error} />}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('units.createSubmit')}
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
