import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function AdminScreen() {
  const { t } = useTranslation('admin');
  return <Title order={2}>{t('title')}</Title>;
}
