import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** An error in words: what it means for the user (by the API's code), then what the server said. Never swallowed. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  // A refusal that names its rule (details.rule) says what that rule means; otherwise what its code means.
  const rule = api && typeof (api.details as { rule?: unknown } | undefined)?.rule === 'string' ? (api.details as { rule: string }).rule : null;
  const words = api ? (rule ? t(`errorRules.${rule}`, { defaultValue: '' }) : '') || t(`errors.${api.code}`, { defaultValue: '' }) : '';
  return (
    <Alert color="red" title={t('errorTitle')} role="alert" variant="light">
      {words && <Text size="sm">{words}</Text>}
      <Text size="sm">{api ? t('apiSaid', { message: api.message, code: api.code }) : String(error instanceof Error ? error.message : error)}</Text>
      {onRetry && (
        <Group mt="xs">
          <Button size="xs" variant="outline" color="red" onClick={onRetry}>
            {t('retry')}
          </Button>
        </Group>
      )}
    </Alert>
  );
}
