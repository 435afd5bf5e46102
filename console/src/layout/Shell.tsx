import { AppShell, Anchor, Badge, Button, Group, NativeSelect, Text, Title, VisuallyHidden } from '@mantine/core';
import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { SCREENS_OF, useMe, useSignOut, useSwitchAssignment, type Me, type Role } from '../auth/session';
import { useUnitNames } from '../api/units';
import { useOnlineQueue } from '../screens/online/queue';
import { ErrorAlert } from './ErrorAlert';
import { LanguageSelect } from './LanguageSelect';

const NAV_KEY: Record<string, string> = { '/reception': 'reception', '/online-submissions': 'online', '/inbox': 'inbox', '/leader': 'leader', '/dashboard': 'dashboard', '/admin': 'admin' };

interface Choice {
  value: string;
  label: string;
  body: { role: Role; unitId: string; onBehalfOf?: string };
}

function choicesOf(me: Me, t: (k: string, o?: Record<string, unknown>) => string, unitName: (id: string) => string): Choice[] {
  const own = me.assignments.map((a) => ({ value: `${a.role}|${a.unitId}|`, label: `${t(`roles.${a.role}`)} — ${unitName(a.unitId)}`, body: { role: a.role, unitId: a.unitId } }));
  const forOthers = me.actingFor.flatMap((d) =>
    d.assignments.map((a) => ({
      value: `${a.role}|${a.unitId}|${d.staffId}`,
      label: `${t(`roles.${a.role}`)} — ${unitName(a.unitId)} (${t('onBehalfOf', { name: d.name })})`,
      body: { role: a.role, unitId: a.unitId, onBehalfOf: d.staffId },
    })),
  );
  return [...own, ...forOthers];
}

/** The frame of every staff screen: who acts as what (and a switcher), the role's screens, language, sign-out. */
export function Shell() {
  const { t } = useTranslation();
  const me = useMe().data;
  const signOut = useSignOut();
  const switcher = useSwitchAssignment();
  const navigate = useNavigate();
  const role = me?.active?.role;
  const screens = role ? SCREENS_OF[role] : [];
  const unitName = useUnitNames(Boolean(me));
  // The count of online submissions waiting, beside their screen's name (the clerks' only).
  const waiting = useOnlineQueue(screens.includes('/online-submissions')).data?.length;
  const choices = me ? choicesOf(me, t, unitName) : [];
  const current = me?.active ? `${me.active.role}|${me.active.unitId}|${me.active.onBehalfOf ?? ''}` : '';

  return (
    <AppShell header={{ height: 64 }} padding="md">
      <a href="#main" className="skip-link">
        {t('skipToContent')}
      </a>
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Title order={1} size="h4" style={{ whiteSpace: 'nowrap' }}>
              {t('appName')}
            </Title>
            <nav aria-label={t('appName')}>
              <Group gap="md" wrap="nowrap" style={{ whiteSpace: 'nowrap' }}>
                {screens.map((path) => (
                  <Anchor key={path} component={Link} to={path} activeProps={{ style: { fontWeight: 700, textDecoration: 'underline' } }}>
                    {path === '/online-submissions' && waiting !== undefined ? (
                      // The count on the same line as the name (the header never wraps).
                      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, textDecoration: 'inherit' }}>
                        {t(`nav.${NAV_KEY[path]}`)}
                        <Badge size="sm" circle={waiting < 10} color={waiting ? 'red.8' : 'gray.7'} aria-hidden data-testid="nav-online-count">
                          {waiting}
                        </Badge>
                        <VisuallyHidden>{` (${t('nav.onlineWaiting', { count: waiting })})`}</VisuallyHidden>
                      </span>
                    ) : (
                      t(`nav.${NAV_KEY[path]}`)
                    )}
                  </Anchor>
                ))}
              </Group>
            </nav>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {me && (
              <>
                <Text size="sm" visibleFrom="xl" lineClamp={2} maw={180}>
                  {me.name ?? me.username ?? me.sub}
                </Text>
                {choices.length > 0 ? (
                  <NativeSelect
                    aria-label={t('actingAs')}
                    size="xs"
                    w={300}
                    data={choices.map((c) => ({ value: c.value, label: c.label }))}
                    value={current}
                    disabled={switcher.isPending}
                    onChange={(e) => {
                      const choice = choices.find((c) => c.value === e.currentTarget.value);
                      if (choice)
                        switcher.mutate(choice.body, {
                          onSuccess: (next) => void navigate({ to: next.active ? (SCREENS_OF[next.active.role][0] ?? '/') : '/' }),
                        });
                    }}
                  />
                ) : (
                  <Text size="sm">{t('noAssignment')}</Text>
                )}
              </>
            )}
            <LanguageSelect w={110} />
            {me && (
              <Button size="xs" variant="default" loading={signOut.isPending} onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate({ to: '/signin' }) })}>
                {t('signOut')}
              </Button>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main" tabIndex={-1}>
        <VisuallyHidden aria-live="polite">{switcher.isPending ? t('loading') : ''}</VisuallyHidden>
        {switcher.error && <ErrorAlert error={switcher.error} />}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
