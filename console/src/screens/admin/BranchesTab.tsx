import { Alert, Button, Card, Checkbox, Group, List, NativeSelect, Radio, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useUnitNames } from '../../api/units';
import { formatDate, hanoiToday } from '../../format';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Loading } from '../../layout/Loading';
import { useAdminSearch } from './search';
import { DateField, isCivilDate } from './shared';

type BranchProcedures = components['schemas']['BranchProcedures'];
type SavedLists = { branchId: string; lists: { from: string; to?: string; procedures: string[] | 'all' }[] };

/** Where each procedure is received: a branch's list in force today, and a new list from a day. */
export function BranchesTab() {
  const { t } = useTranslation('admin');
  const [search, set] = useAdminSearch();
  const branches = useQuery({ queryKey: ['branches'], queryFn: () => unwrap(api.GET('/api/v1/branches')) });
  const own = (branches.data ?? []).filter((b) => b.kind === 'branch');

  return (
    <Stack>
      <Text size="sm">{t('branches.intro')}</Text>
      {branches.isPending && <Loading label={t('branches.loading')} />}
      {branches.error && <ErrorAlert error={branches.error} onRetry={() => void branches.refetch()} />}
      {branches.data && (
        <NativeSelect
          label={t('branches.branch')}
          maw={480}
          data={[{ value: '', label: t('branches.choose') }, ...own.map((b) => ({ value: b.id, label: b.name }))]}
          value={search.branch ?? ''}
          onChange={(e) => set({ branch: e.currentTarget.value || undefined })}
        />
      )}
      {search.branch && <BranchDetail key={search.branch} id={search.branch} name={own.find((b) => b.id === search.branch)?.name ?? search.branch} />}
    </Stack>
  );
}

function BranchDetail({ id, name }: { id: string; name: string }) {
  const { t } = useTranslation('admin');
  const current = useQuery({ queryKey: ['branch-procedures', id], queryFn: () => unwrap(api.GET('/api/v1/branches/{id}/procedures', { params: { path: { id }, query: {} } })) });
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<SavedLists | null>(null);
  const c = current.data;
  return (
    <Card withBorder component="section" aria-labelledby="branch-title">
      <Stack>
        <Title order={3} size="h4" id="branch-title">
          {t('branches.title', { name })}
        </Title>
        {current.isPending && <Loading label={t('branches.loadingList')} />}
        {current.error && <ErrorAlert error={current.error} onRetry={() => void current.refetch()} />}
        {saved && <SavedAnswer saved={saved} onClose={() => setSaved(null)} />}
        {c && (
          <>
            <Text size="sm" role="status">
              {!c.operating
                ? t('branches.notOperating', { on: formatDate(c.on) })
                : !c.list
                  ? t('branches.neverLoaded', { count: c.procedures.length })
                  : c.list.all
                    ? t('branches.listAll', { from: formatDate(c.list.from), count: c.procedures.length })
                    : t('branches.listSome', { from: formatDate(c.list.from), count: c.procedures.length })}
            </Text>
            {editing ? (
              <ListForm
                current={c}
                onCancel={() => setEditing(false)}
                onDone={(answer) => {
                  setEditing(false);
                  setSaved(answer);
                }}
              />
            ) : (
              <>
                <Group>
                  <Button onClick={() => setEditing(true)} disabled={!c.operating}>
                    {t('branches.edit')}
                  </Button>
                </Group>
                <Table.ScrollContainer minWidth={560}>
                  <Table striped captionSide="top">
                    <Table.Caption>{t('branches.receivedCaption', { name, count: c.procedures.length })}</Table.Caption>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">{t('branches.code')}</Table.Th>
                        <Table.Th scope="col">{t('branches.procedure')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {c.procedures.map((p) => (
                        <Table.Tr key={p.code}>
                          <Table.Td>{p.code}</Table.Td>
                          <Table.Td>{p.name}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

/** The lists the API now holds for the branch, each from its day. */
function SavedAnswer({ saved, onClose }: { saved: SavedLists; onClose: () => void }) {
  const { t } = useTranslation('admin');
  return (
    <Alert color="green" variant="light" role="status" styles={{ title: { color: 'var(--mantine-color-black)' } }} title={t('branches.saved')} withCloseButton closeButtonLabel={t('common:close')} onClose={onClose}>
      <List size="sm">
        {saved.lists.map((l) => (
          <List.Item key={l.from}>
            {t('branches.savedList', {
              from: formatDate(l.from),
              to: l.to ? formatDate(l.to) : t('branches.onwards'),
              what: l.procedures === 'all' ? t('branches.allProcedures') : t('branches.someProcedures', { count: l.procedures.length }),
            })}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** A new list from a day (PUT /api/v1/branches/{id}/procedures): every procedure, or the ones ticked. */
function ListForm({ current, onCancel, onDone }: { current: BranchProcedures; onCancel: () => void; onDone: (answer: SavedLists) => void }) {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const departmentName = useUnitNames();
  const catalogue = useQuery({ queryKey: ['procedures'], queryFn: () => unwrap(api.GET('/api/v1/procedures')) });
  const [all, setAll] = useState(!current.list || current.list.all);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(current.procedures.map((p) => p.code)));
  const [filter, setFilter] = useState('');
  const today = hanoiToday();
  const earliest = current.list && current.list.from > today ? current.list.from : today;
  const [from, setFrom] = useState(earliest);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const errors = {
    from: !isCivilDate(from) ? t('branches.errors.date') : from < earliest ? t('branches.errors.tooEarly', { day: formatDate(earliest) }) : undefined,
    chosen: !all && chosen.size === 0 ? t('branches.errors.noneChosen') : undefined,
    reason: !reason.trim() ? t('branches.errors.reason') : undefined,
  };
  const put = useMutation({
    mutationFn: () =>
      unwrap(api.PUT('/api/v1/branches/{id}/procedures', { params: { path: { id: current.branchId } }, body: { from, procedures: all ? 'all' : [...chosen].sort(), reason: reason.trim() } })),
    onSuccess: async (answer) => {
      await qc.invalidateQueries({ queryKey: ['branch-procedures', current.branchId] });
      onDone(answer as SavedLists);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!Object.values(errors).some(Boolean)) put.mutate();
  };
  const q = filter.trim().toLocaleLowerCase('vi');
  const shown = (catalogue.data ?? []).filter((p) => !q || p.code.toLowerCase().includes(q) || p.name.toLocaleLowerCase('vi').includes(q));
  const toggle = (code: string, on: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      if (on) next.add(code);
      else next.delete(code);
      return next;
    });

  return (
    <form onSubmit={submit} noValidate aria-labelledby="list-form-title">
      <Stack gap="sm">
        <Title order={4} size="h5" id="list-form-title">
          {t('branches.formTitle')}
        </Title>
        <Radio.Group label={t('branches.whichProcedures')} value={all ? 'all' : 'some'} onChange={(v) => setAll(v === 'all')}>
          <Group mt="xs">
            <Radio value="all" label={t('branches.allProcedures')} />
            <Radio value="some" label={t('branches.onlyChosen')} />
          </Group>
        </Radio.Group>
        {!all && (
          <>
            {catalogue.isPending && <Loading label={t('branches.loadingCatalogue')} />}
            {catalogue.error && <ErrorAlert error={catalogue.error} onRetry={() => void catalogue.refetch()} />}
            {catalogue.data && (
              <>
                <Group align="flex-end">
                  <TextInput label={t('branches.filter')} value={filter} onChange={(e) => setFilter(e.currentTarget.value)} />
                  <Text size="sm" role="status">
                    {t('branches.chosenCount', { count: chosen.size })}
                  </Text>
                </Group>
                {touched && errors.chosen && (
                  <Text c="red.9" size="sm" role="alert">
                    {errors.chosen}
                  </Text>
                )}
                <Table.ScrollContainer minWidth={640} mah={420}>
                  <Table striped captionSide="top" stickyHeader>
                    <Table.Caption>{t('branches.catalogueCaption')}</Table.Caption>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">{t('branches.receives')}</Table.Th>
                        <Table.Th scope="col">{t('branches.code')}</Table.Th>
                        <Table.Th scope="col">{t('branches.procedure')}</Table.Th>
                        <Table.Th scope="col">{t('branches.department')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {shown.map((p) => (
                        <Table.Tr key={p.code}>
                          <Table.Td>
                            <Checkbox aria-label={t('branches.receivesOne', { code: p.code, name: p.name })} checked={chosen.has(p.code)} onChange={(e) => toggle(p.code, e.currentTarget.checked)} />
                          </Table.Td>
                          <Table.Td>{p.code}</Table.Td>
                          <Table.Td>{p.name}</Table.Td>
                          <Table.Td>{departmentName(p.departmentId)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </>
            )}
          </>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField label={t('branches.from')} required min={earliest} value={from} error={touched ? errors.from : undefined} onChange={(e) => setFrom(e.currentTarget.value)} />
          <Textarea label={t('branches.reason')} required maxLength={2000} autosize minRows={1} value={reason} error={touched ? errors.reason : undefined} onChange={(e) => setReason(e.currentTarget.value)} />
        </SimpleGrid>
        {put.error && <ErrorAlert error={put.error} />}
        <Group>
          <Button type="submit" loading={put.isPending}>
            {t('branches.save')}
          </Button>
          <Button variant="default" onClick={onCancel} disabled={put.isPending}>
            {t('common:cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
