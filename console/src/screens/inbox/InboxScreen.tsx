import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function InboxScreen() {
  const { t } = useTranslation('inbox');
  return <Title order={2}>{t('title')}</Title>;
}
