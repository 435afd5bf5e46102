import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { DossierLink } from '../../components/DossierLink';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime } from '../../format';
import { MissingList } from './ReceptionForm';

export type ReceptionOutcome =
  | { kind: 'received'; dossier: components['schemas']['CreatedDossier'] }
  | { kind: 'guidance'; record: components['schemas']['Guidance'] }
  | { kind: 'refusal'; record: components['schemas']['Refusal'] };

/** A printable form, opened in a new tab (the page has its own print button). */
function PrintLink({ href, label }: { href: string; label: string }) {
  const { t } = useTranslation('reception');
  return (
    <Button component="a" href={href} target="_blank" rel="noopener" size="md">
      {label}
      <VisuallyHidden> {t('received.newTab')}</VisuallyHidden>
    </Button>
  );
}

/** What the counter hands over: the code, appointment and PIN with the receipt; or Form 02 / Form 03. */
export function Outcome({ outcome, onNext, nextLabel }: { outcome: ReceptionOutcome; onNext: () => void; nextLabel?: string }) {
  const { t } = useTranslation('reception');
  const heading = useRef<HTMLHeadingElement>(null);
  // The outcome replaces the form: move the focus to its heading, so that keyboard and screen-reader users land on it.
  useEffect(() => heading.current?.focus(), []);
  const next = (
    <Button variant="default" onClick={onNext}>
      {nextLabel ?? t('received.next')}
    </Button>
  );

  if (outcome.kind === 'received') {
    const d = outcome.dossier;
    return (
      <Paper withBorder p="lg" component="section" aria-labelledby="outcome-title">
        <Stack>
          <Title order={3} id="outcome-title" ref={heading} tabIndex={-1}>
            {t('received.title')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <div>
              <Text size="sm" c="dimmed">
                {t('received.code')}
              </Text>
              <Text size="xl" fw={700} data-testid="dossier-code">
                <DossierLink code={d.code} />
              </Text>
            </div>
            <div>
              <Text size="sm" c="dimmed">
                {t('received.appointment')}
              </Text>
              <Text size="xl" fw={700} data-testid="appointment">
                {formatDateTime(d.dueAt)}
              </Text>
              {d.calendarStatus === 'provisional' && (
                <Text size="sm" c="orange.9">
                  {t('received.provisional')}
                </Text>
              )}
            </div>
            <div>
              <Text size="sm" c="dimmed">
                {t('received.status')}
              </Text>
              <StatusBadge status={d.status} />
            </div>
          </SimpleGrid>
          {d.status === 'awaiting_fees' && (
            <Alert color="yellow" variant="light">
              {t('received.awaitingFees')}
            </Alert>
          )}
          {d.lookupPin && (
            <Alert color="blue" variant="light" title={t('received.pin')}>
              <Text size="xl" fw={700} ff="monospace" lts={2} data-testid="lookup-pin">
                {d.lookupPin}
              </Text>
              <Text size="sm">{t('received.pinOnce')}</Text>
            </Alert>
          )}
          <Group>
            <PrintLink href={`/print/receipt/${encodeURIComponent(d.code)}`} label={t('received.print')} />
            {next}
          </Group>
        </Stack>
      </Paper>
    );
  }

  if (outcome.kind === 'guidance') {
    const g = outcome.record;
    return (
      <Paper withBorder p="lg" component="section" aria-labelledby="outcome-title">
        <Stack>
          <Title order={3} id="outcome-title" ref={heading} tabIndex={-1}>
            {t('guided.title')}
          </Title>
          <Text fw={600}>{g.procedureName}</Text>
          <Title order={4} size="h5">
            {t('guided.missing')}
          </Title>
          {g.missing.length ? <MissingList items={g.missing} /> : <Text size="sm">{t('guided.none')}</Text>}
          {g.note && <Text size="sm">{g.note}</Text>}
          <Group>
            <PrintLink href={g.printUrl} label={t('guided.print')} />
            {next}
          </Group>
        </Stack>
      </Paper>
    );
  }

  const r = outcome.record;
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="outcome-title">
      <Stack>
        <Title order={3} id="outcome-title" ref={heading} tabIndex={-1}>
          {t('refused.title')}
        </Title>
        <Text fw={600}>{r.procedureName}</Text>
        <Text size="sm">
          <Text span c="dimmed">
            {t('refused.reason')}:
          </Text>{' '}
          {r.reason}
        </Text>
        <Group>
          <PrintLink href={r.printUrl} label={t('refused.print')} />
          {next}
        </Group>
      </Stack>
    </Paper>
  );
}
