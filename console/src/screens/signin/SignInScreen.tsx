import { Anchor, Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { SCREENS_OF, useSignIn } from '../../auth/session';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { LanguageSelect } from '../../layout/LanguageSelect';

/** Sign-in with a local account (POST /api/v1/auth/login); then back where the user was going, or the role's home. */
export function SignInScreen() {
  const { t } = useTranslation('signin');
  const search = useSearch({ from: '/signin' });
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!username || !password) return;
    signIn.mutate(
      { username, password },
      {
        onSuccess: (me) => {
          const home = me.active ? (SCREENS_OF[me.active.role][0] ?? '/') : '/';
          const back = search.redirect?.startsWith('/') && !search.redirect.startsWith('//') ? search.redirect : null;
          void navigate({ to: back ?? home });
        },
      },
    );
  };

  const err = signIn.error;
  const reason = err instanceof ApiError ? (err.details as { reason?: string; retryAfterSeconds?: number } | undefined) : undefined;
  return (
    <Container size={420} py={60}>
      <LanguageSelect w={140} ml="auto" />
      <main id="main">
        <Title order={1} ta="center" mt="md">
          {t('common:appName')}
        </Title>
        <Paper withBorder shadow="sm" p="lg" mt="lg" radius="md">
          <form onSubmit={submit} noValidate aria-labelledby="signin-title">
            <Stack>
              <Title order={2} size="h3" id="signin-title">
                {t('title')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('intro')}
              </Text>
              <TextInput label={t('username')} autoComplete="username" required value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={touched && !username ? t('required') : undefined} />
              <PasswordInput label={t('password')} visibilityToggleButtonProps={{ 'aria-label': t('showPassword') }} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={touched && !password ? t('required') : undefined} />
              {err && (reason?.reason === 'bad_credentials' ? <ErrorAlert error={new Error(t('badCredentials'))} /> : reason?.retryAfterSeconds ? <ErrorAlert error={new Error(t('locked', { seconds: reason.retryAfterSeconds }))} /> : <ErrorAlert error={err} />)}
              <Button type="submit" loading={signIn.isPending}>
                {t('submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
        <Text ta="center" mt="md">
          <Anchor component={Link} to="/tra-cuu">
            {t('citizen')}
          </Anchor>
        </Text>
      </main>
    </Container>
  );
}
