import { useState } from 'react';
import { Alert, Button, Group, Kbd, NumberInput, Paper, PasswordInput, SegmentedControl, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { keys } from '../api/hooks';
import type { SettingsView } from '../../../shared/contract/settings';
import type { TillMode } from '../../../shared/contract/channels';
import { formatRands, MoneyError, parseTypedRands } from '../../../shared/money';
import { fieldError, messageOf } from './SignIn';

type Form = { environment: TillMode; username: string; password: string; ids: string; defaultId: string; queueOn: boolean; maxSales: number; maxTotal: string; maxAgeMinutes: number };

function formOf(view: SettingsView): Form {
  return {
    environment: view.environment,
    username: view.smartcall.username ?? '',
    password: '',
    ids: view.dealer.smartloadIds.join(', '),
    defaultId: view.dealer.defaultSmartloadId ?? '',
    queueOn: view.offlineQueue.enabled,
    maxSales: view.offlineQueue.maxSales,
    // Shown in rands as a person types them, read back through the money module: exact both ways.
    maxTotal: formatRands(view.offlineQueue.maxTotalCents).replace(/^R/, ''),
    maxAgeMinutes: view.offlineQueue.maxAgeMinutes,
  };
}

/** Supervisor settings: environment, Smartcall login (password write-only), dealer IDs, offline queue. */
export function SettingsScreen() {
  const settings = useQuery({ queryKey: keys.settings, queryFn: () => api.invoke('settings:get', {}) });
  if (settings.error) return <Alert color="red">{messageOf(settings.error)}</Alert>;
  if (!settings.data) return null;
  return (
    <Stack maw={900}>
      <SettingsForm initial={settings.data} />
      <AddCashier />
    </Stack>
  );
}

/** Supervisor: add a cashier (or another supervisor) who can then pick their name and sign in. */
function AddCashier() {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [role, setRole] = useState<'cashier' | 'supervisor'>('cashier');
  const create = useMutation({
    mutationFn: () => api.invoke('cashiers:create', { name, pin, role }),
    onSuccess: () => {
      setName('');
      setPin('');
      void client.invalidateQueries({ queryKey: keys.cashiers });
    },
  });
  return (
    <Paper withBorder p="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <Title order={3}>Add a cashier</Title>
          <Group grow align="flex-start">
            <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} data-testid="new-cashier-name" />
            <PasswordInput label="PIN (4 to 8 digits)" value={pin} onChange={(e) => setPin(e.currentTarget.value)} error={fieldError(create.error, 'pin')} data-testid="new-cashier-pin" />
            <SegmentedControl mt={24} data={[{ value: 'cashier', label: 'Cashier' }, { value: 'supervisor', label: 'Supervisor' }]} value={role} onChange={(v) => setRole(v === 'supervisor' ? 'supervisor' : 'cashier')} />
          </Group>
          {create.error && !fieldError(create.error, 'name', 'pin') && <Alert color="red">{messageOf(create.error)}</Alert>}
          {create.isSuccess && <Alert color="teal" data-testid="cashier-added">{create.data.name} can now sign in.</Alert>}
          <Group>
            <Button type="submit" loading={create.isPending} data-testid="add-cashier">
              Add
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function SettingsForm({ initial }: { initial: SettingsView }) {
  const client = useQueryClient();
  const settings = useQuery({ queryKey: keys.settings, queryFn: () => api.invoke('settings:get', {}), initialData: initial });
  const [form, setForm] = useState<Form>(() => formOf(initial));
  const save = useMutation({
    mutationFn: (f: Form) => {
      const ids = f.ids.split(/[,\s]+/).filter(Boolean);
      return api.invoke('settings:update', {
        environment: f.environment,
        smartcall: { ...(f.username.trim() ? { username: f.username.trim() } : {}), ...(f.password ? { password: f.password } : {}) },
        dealer: { smartloadIds: ids, defaultSmartloadId: f.defaultId.trim() || null },
        offlineQueue: { enabled: f.queueOn, maxSales: f.maxSales, maxTotalCents: parseTypedRands(f.maxTotal), maxAgeMinutes: f.maxAgeMinutes },
      });
    },
    onSuccess: (view) => {
      client.setQueryData(keys.settings, view);
      // Keep what was typed, but never keep the password in the screen after it is stored.
      setForm((f) => ({ ...f, password: '' }));
    },
  });
  const err = (...names: string[]) => fieldError(save.error, ...names);
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  return (
    <Paper withBorder p="lg">
      <form onSubmit={(e) => { e.preventDefault(); save.mutate(form); }}>
        <Stack>
          <Title order={3}>Settings</Title>
          <div>
            <Text fw={500}>Environment</Text>
            <SegmentedControl data={[{ value: 'training', label: 'Training' }, { value: 'qa', label: 'QA' }, { value: 'live', label: 'LIVE' }]} value={form.environment} onChange={(v) => set({ environment: v })} data-testid="settings-environment" />
            {err('environment') && <Text c="red" size="sm">{err('environment')}</Text>}
          </div>
          <Group grow align="flex-start">
            <TextInput label="Smartcall user name" value={form.username} onChange={(e) => set({ username: e.currentTarget.value })} error={err('smartcall.username')} data-testid="settings-username" />
            <PasswordInput
              label="Smartcall password"
              description={settings.data.smartcall.hasPassword ? 'A password is stored. Type a new one only to change it.' : 'No password stored yet.'}
              value={form.password}
              onChange={(e) => set({ password: e.currentTarget.value })}
              error={err('smartcall.password')}
              autoComplete="new-password"
              data-testid="settings-password"
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput label="Dealer Smartload IDs (comma between)" placeholder="27821234567" value={form.ids} onChange={(e) => set({ ids: e.currentTarget.value })} error={err('dealer.smartloadIds')} data-testid="settings-ids" />
            <TextInput label="Default Smartload ID" value={form.defaultId} onChange={(e) => set({ defaultId: e.currentTarget.value })} error={err('dealer.defaultSmartloadId')} data-testid="settings-default-id" />
          </Group>
          <Switch size="md" label="Queue pinless sales while Smartcall cannot be reached" checked={form.queueOn} onChange={(e) => set({ queueOn: e.currentTarget.checked })} data-testid="settings-queue" />
          <Group grow align="flex-start">
            <NumberInput label="Most queued sales" min={0} allowDecimal={false} value={form.maxSales} onChange={(v) => set({ maxSales: Number(v) || 0 })} error={err('offlineQueue.maxSales')} />
            <TextInput label="Most queued value (rands)" inputMode="decimal" value={form.maxTotal} onChange={(e) => set({ maxTotal: e.currentTarget.value })} error={save.error instanceof MoneyError ? save.error.message : err('offlineQueue.maxTotalCents')} />
            <NumberInput label="Cancel queued sales after (minutes)" min={0} allowDecimal={false} value={form.maxAgeMinutes} onChange={(v) => set({ maxAgeMinutes: Number(v) || 0 })} error={err('offlineQueue.maxAgeMinutes')} />
          </Group>
          {save.error && !(save.error instanceof MoneyError) && !(save.error instanceof Error && fieldErrorAny(save.error)) && <Alert color="red" data-testid="settings-error">{messageOf(save.error)}</Alert>}
          {save.isSuccess && <Alert color="teal" data-testid="settings-saved">Saved.{save.data.restartRequired ? ' Restart the till for the environment or address change to take effect.' : ''}</Alert>}
          <Group>
            <Button type="submit" loading={save.isPending} data-testid="settings-save">
              Save <Kbd ml="sm">Enter</Kbd>
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function fieldErrorAny(error: Error): boolean {
  return 'fields' in error && typeof error.fields === 'object' && error.fields !== null && Object.keys(error.fields).length > 0;
}
