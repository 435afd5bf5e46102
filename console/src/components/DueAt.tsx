import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format';

/**
 * An appointment, red and marked when overdue, orange when due soon, green otherwise; the words say it too
 * (colour alone is not enough for everyone).
 */
export function DueAt({ dueAt, overdue, dueSoon }: { dueAt: string | null | undefined; overdue?: boolean; dueSoon?: boolean }) {
  const { t } = useTranslation();
  const [cls, words] = overdue ? ['overdue', t('due.overdue')] : dueSoon ? ['due-soon', t('due.soon')] : ['on-time', t('due.onTime')];
  return (
    <Text span size="sm" className={cls}>
      {formatDateTime(dueAt)} <Text span size="xs">({words})</Text>
    </Text>
  );
}
