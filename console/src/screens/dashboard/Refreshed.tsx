import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../../format';

/** When the figures on screen were fetched (they refresh themselves), and a button to refresh now. */
export function Refreshed({ at, fetching, onRefresh }: { at: number; fetching: boolean; onRefresh: () => void }) {
  const { t } = useTranslation('dashboard');
  return (
    <Group gap="sm">
      <Text size="sm">
        {at > 0 ? t('updatedAt', { time: formatClock(at) }) : ''}
      </Text>
      <Button size="xs" variant="default" onClick={onRefresh} loading={fetching}>
        {t('refresh')}
      </Button>
    </Group>
  );
}
