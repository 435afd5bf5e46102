import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function LeaderScreen() {
  const { t } = useTranslation('leader');
  return <Title order={2}>{t('title')}</Title>;
}
