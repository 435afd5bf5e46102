import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function ReceptionScreen() {
  const { t } = useTranslation('reception');
  return <Title order={2}>{t('title')}</Title>;
}
