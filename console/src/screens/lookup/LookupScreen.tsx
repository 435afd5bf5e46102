import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function LookupScreen() {
  const { t } = useTranslation('lookup');
  return <main id="main"><Title order={1}>{t('title')}</Title></main>;
}
