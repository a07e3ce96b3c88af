import { useEffect, useState } from 'react';
import { Alert, AppShell, Badge, Button, Container, Group, Kbd, Tabs, Text } from '@mantine/core';
import { useHotkeys, useIdle } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { api, ApiError } from './api';
import { useAppInfo, useSaleEvents, useSession, useSetSession } from './api/hooks';
import { AttentionNotice } from './components/AttentionNotice';
import { StatusBar } from './components/StatusBar';
import { HistoryScreen } from './screens/History';
import { SellScreen } from './screens/Sell';
import { SettingsScreen } from './screens/Settings';
import { LockScreen, OpenShiftScreen, SetupScreen, SignInScreen, messageOf } from './screens/SignIn';
import { formatRands } from '../../shared/money';

type Tab = 'sell' | 'history' | 'settings';

export function App() {
  const info = useAppInfo();
  const session = useSession();
  const setSession = useSetSession();
  useSaleEvents();
  const [tab, setTab] = useState<Tab>('sell');
  const state = session.data;
  const selling = !!state && !state.setupNeeded && !!state.cashier && !state.locked && !!state.shift;
  const supervisor = state?.cashier?.role === 'supervisor';
  // A cashier signing in after a supervisor must not land on a settings tab they do not have.
  const shownTab: Tab = tab === 'settings' && !supervisor ? 'sell' : tab;

  const lock = useMutation({ mutationFn: () => api.invoke('session:lock', {}), onSuccess: setSession });
  const signOut = useMutation({ mutationFn: () => api.invoke('session:signOut', {}), onSuccess: setSession });
  const closeShift = useMutation({ mutationFn: () => api.invoke('shift:close', {}), onSuccess: setSession });

  // Idle lock: the core decides how long; the screen notices the idleness and asks for the lock.
  const idle = useIdle((state?.idleLockMinutes ?? 5) * 60_000, { initialState: false });
  useEffect(() => {
    if (idle && selling && !lock.isPending) lock.mutate();
  }, [idle, selling, lock]);

  useHotkeys(
    selling
      ? [
          ['F1', () => setTab('sell')],
          ['F2', () => setTab('history')],
          ['F3', () => supervisor && setTab('settings')],
          ['F9', () => lock.mutate()],
        ]
      : [],
    [],
  );

  let body;
  if (session.error) {
    body = (
      <Alert color="red" title="The till could not be reached">
        {session.error instanceof ApiError ? session.error.message : 'Check that the till is running, then reload this page.'}
      </Alert>
    );
  } else if (!state) body = null;
  else if (state.setupNeeded) body = <SetupScreen />;
  else if (!state.cashier) body = <SignInScreen />;
  else if (state.locked) body = <LockScreen session={state} />;
  else if (!state.shift) body = <OpenShiftScreen session={state} />;
  else
    body = (
      <Tabs value={shownTab} onChange={(v) => setTab((v as Tab | null) ?? 'sell')} keepMounted={false}>
        <Group justify="space-between" mb="md">
          <Tabs.List>
            <Tabs.Tab value="sell" data-testid="tab-sell">Sell <Kbd size="xs">F1</Kbd></Tabs.Tab>
            <Tabs.Tab value="history" data-testid="tab-history">History <Kbd size="xs">F2</Kbd></Tabs.Tab>
            {supervisor && <Tabs.Tab value="settings" data-testid="tab-settings">Settings <Kbd size="xs">F3</Kbd></Tabs.Tab>}
          </Tabs.List>
          <Group gap="xs">
            <Text size="sm" data-testid="cashier-name">
              {state.cashier.name} <Badge size="sm" variant="light">{state.cashier.role}</Badge> · float {formatRands(state.shift.floatCents)}
            </Text>
            <Button size="xs" variant="default" onClick={() => lock.mutate()} data-testid="lock">Lock <Kbd size="xs" ml={4}>F9</Kbd></Button>
            <Button size="xs" variant="default" onClick={() => closeShift.mutate()} data-testid="close-shift">Close shift</Button>
            <Button size="xs" variant="default" onClick={() => signOut.mutate()} data-testid="sign-out">Sign out</Button>
          </Group>
        </Group>
        {closeShift.error && <Alert color="red" mb="sm">{messageOf(closeShift.error)}</Alert>}
        <Tabs.Panel value="sell"><SellScreen active={shownTab === 'sell'} /></Tabs.Panel>
        <Tabs.Panel value="history"><HistoryScreen /></Tabs.Panel>
        {supervisor && <Tabs.Panel value="settings"><SettingsScreen /></Tabs.Panel>}
      </Tabs>
    );

  return (
    <AppShell header={{ height: 68 }} padding="md">
      <AppShell.Header>
        <StatusBar />
      </AppShell.Header>
      <AppShell.Main>
        <Container size="xl">
          {info.data?.mode === 'training' && (
            <Alert color="orange" py={4} mb="sm" data-testid="training-notice">
              Training mode: sales go to a built-in stand-in for Smartcall and no real money moves.
            </Alert>
          )}
          {info.error && (
            <Alert color="red" title="The till could not be reached">
              {info.error instanceof ApiError ? info.error.message : 'Check that the till is running, then reload this page.'}
            </Alert>
          )}
          {body}
          <AttentionNotice enabled={selling} />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
