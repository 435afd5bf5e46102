import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function DashboardScreen() {
  const { t } = useTranslation('dashboard');
  return <Title order={2}>{t('title')}</Title>;
}
