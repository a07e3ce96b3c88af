import { useState, type ReactNode } from 'react';
import { Alert, Button, Center, Group, Kbd, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../api';
import { keys, useSetSession } from '../api/hooks';
import type { CashierView, SessionState } from '../../../shared/contract/session';
import { parseTypedRands, MoneyError } from '../../../shared/money';

/** The message of a failed call, or a fallback a cashier can act on. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError || error instanceof MoneyError) return error.message;
  return 'Something went wrong. Try again; if it keeps happening, call support.';
}

/** A field's error from the core (`error.fields`), for inline display. */
export function fieldError(error: unknown, ...names: string[]): string | undefined {
  if (!(error instanceof ApiError) || !error.fields) return undefined;
  for (const [path, message] of Object.entries(error.fields)) if (names.some((n) => path === n || path.startsWith(`${n}.`))) return message;
  return undefined;
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="calc(100vh - 120px)">
      <Paper withBorder shadow="sm" p="xl" w={520}>
        <Stack>
          <Title order={2}>{title}</Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

/** First run: create the supervisor, who is then signed in. */
export function SetupScreen() {
  const setSession = useSetSession();
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const setup = useMutation({ mutationFn: () => api.invoke('session:setup', { name, pin }), onSuccess: setSession });
  return (
    <Panel title="Set up this till">
      <Text c="dimmed">First run: create the supervisor. The supervisor adds cashiers and changes settings.</Text>
      <form onSubmit={(e) => { e.preventDefault(); setup.mutate(); }}>
        <Stack>
          <TextInput label="Supervisor name" size="lg" data-autofocus autoFocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(setup.error, 'name')} data-testid="setup-name" />
          <PasswordInput label="PIN (4 to 8 digits)" size="lg" inputMode="numeric" value={pin} onChange={(e) => setPin(e.currentTarget.value)} error={fieldError(setup.error, 'pin')} data-testid="setup-pin" />
          {setup.error && !fieldError(setup.error, 'name', 'pin') && <Alert color="red">{messageOf(setup.error)}</Alert>}
          <Button type="submit" size="lg" loading={setup.isPending} data-testid="setup-submit">
            Create supervisor <Kbd ml="sm">Enter</Kbd>
          </Button>
        </Stack>
      </form>
    </Panel>
  );
}

/** PIN entry shared by sign-in and unlock: a large field; Enter submits. */
function PinForm({ label, onSubmit, pending, error, testId }: { label: string; onSubmit: (pin: string) => void; pending: boolean; error: unknown; testId: string }) {
  const [pin, setPin] = useState('');
  return (
    <form onSubmit={(e) => { e.preventDefault(); onSubmit(pin); setPin(''); }}>
      <Stack>
        <PasswordInput label={label} size="xl" autoFocus inputMode="numeric" value={pin} onChange={(e) => setPin(e.currentTarget.value)} error={error ? messageOf(error) : undefined} data-testid={testId} />
        <Button type="submit" size="lg" loading={pending} data-testid={`${testId}-submit`}>
          Sign in <Kbd ml="sm">Enter</Kbd>
        </Button>
      </Stack>
    </form>
  );
}

/** Cashier picker, then the PIN. */
export function SignInScreen() {
  const setSession = useSetSession();
  const cashiers = useQuery({ queryKey: keys.cashiers, queryFn: () => api.invoke('cashiers:list', {}) });
  const [picked, setPicked] = useState<CashierView | undefined>(undefined);
  const signIn = useMutation({
    mutationFn: (pin: string) => api.invoke('session:signIn', { cashierId: picked?.id ?? 0, pin }),
    onSuccess: setSession,
  });
  if (picked)
    return (
      <Panel title={`Hello, ${picked.name}`}>
        <PinForm label="Your PIN" onSubmit={(pin) => signIn.mutate(pin)} pending={signIn.isPending} error={signIn.error} testId="signin-pin" />
        <Button variant="subtle" onClick={() => { setPicked(undefined); signIn.reset(); }}>Someone else</Button>
      </Panel>
    );
  return (
    <Panel title="Who is selling?">
      {cashiers.error && <Alert color="red">{messageOf(cashiers.error)}</Alert>}
      <SimpleGrid cols={2}>
        {cashiers.data?.cashiers.map((c) => (
          <Button key={c.id} size="xl" variant="light" onClick={() => setPicked(c)} data-testid="cashier-pick">
            {c.name}
          </Button>
        ))}
      </SimpleGrid>
    </Panel>
  );
}

/** The screen is locked (idle or on purpose): the signed-in cashier's PIN unlocks it. */
export function LockScreen({ session }: { session: SessionState }) {
  const setSession = useSetSession();
  const unlock = useMutation({ mutationFn: (pin: string) => api.invoke('session:unlock', { pin }), onSuccess: setSession });
  const signOut = useMutation({ mutationFn: () => api.invoke('session:signOut', {}), onSuccess: setSession });
  return (
    <Panel title="Till locked">
      <Text>Signed in: {session.cashier?.name}. Type your PIN to carry on.</Text>
      <PinForm label="PIN" onSubmit={(pin) => unlock.mutate(pin)} pending={unlock.isPending} error={unlock.error} testId="unlock-pin" />
      <Button variant="subtle" onClick={() => signOut.mutate()}>Sign out instead</Button>
    </Panel>
  );
}

/** Count the float into the drawer and open the shift. */
export function OpenShiftScreen({ session }: { session: SessionState }) {
  const setSession = useSetSession();
  const [float, setFloat] = useState('');
  const open = useMutation({
    mutationFn: () => api.invoke('shift:open', { floatCents: parseTypedRands(float === '' ? '0' : float) }),
    onSuccess: setSession,
  });
  const signOut = useMutation({ mutationFn: () => api.invoke('session:signOut', {}), onSuccess: setSession });
  return (
    <Panel title="Open your shift">
      <Text>Signed in: {session.cashier?.name}. Count the cash float in the drawer.</Text>
      <form onSubmit={(e) => { e.preventDefault(); open.mutate(); }}>
        <Stack>
          <TextInput label="Float (rands)" placeholder="0.00" size="xl" autoFocus inputMode="decimal" value={float} onChange={(e) => setFloat(e.currentTarget.value)} error={open.error ? (fieldError(open.error, 'floatCents') ?? messageOf(open.error)) : undefined} data-testid="float" />
          <Group grow>
            <Button type="submit" size="lg" loading={open.isPending} data-testid="open-shift">
              Open shift <Kbd ml="sm">Enter</Kbd>
            </Button>
            <Button variant="default" size="lg" onClick={() => signOut.mutate()}>Sign out</Button>
          </Group>
        </Stack>
      </form>
    </Panel>
  );
}
