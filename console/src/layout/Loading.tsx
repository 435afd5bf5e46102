import { Center, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Every long load shows that it is loading, in words a screen reader announces. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader size="sm" mr="sm" aria-hidden />
      <Text size="sm">{label ?? t('loading')}</Text>
    </Center>
  );
}
