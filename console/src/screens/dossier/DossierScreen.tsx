import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function DossierScreen() {
  const { t } = useTranslation('dossier');
  return <Title order={2}>{t('title')}</Title>;
}
