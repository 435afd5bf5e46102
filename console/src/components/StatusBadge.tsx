import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';

type Status = components['schemas']['Dossier']['status'];

const COLOR: Record<Status, string> = {
  received: 'blue',
  transferred: 'blue',
  processing: 'indigo',
  awaiting_supplement: 'yellow',
  awaiting_approval: 'grape',
  awaiting_fees: 'orange',
  result_ready: 'teal',
  returned: 'green',
  withdrawn: 'gray',
  stopped: 'gray',
};

/** A dossier's status in words (domain/status.ts's texts), coloured by its stage; dark text keeps AA contrast. */
export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLOR[status]} variant="light" autoContrast styles={{ label: { color: 'var(--mantine-color-black)' } }}>
      {t(`status.${status}`)}
    </Badge>
  );
}
