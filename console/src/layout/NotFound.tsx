import { Anchor, Container, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Container py="xl">
      <Text>{t('notFound')}</Text>
      <Anchor component={Link} to="/">
        {t('appName')}
      </Anchor>
    </Container>
  );
}
