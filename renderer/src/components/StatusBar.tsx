import { useEffect, useState } from 'react';
import { Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { TillMode } from '../../../shared/contract/channels';
import { formatRands } from '../../../shared/money';
import { useAppInfo, useStatus, useTillEvent } from '../api/hooks';
import { formatWhen } from '../format';

const modeLabel: Record<TillMode, { label: string; color: string; hint: string }> = {
  training: { label: 'Training', color: 'orange', hint: 'Training mode: sales go to a built-in practice service. No real money moves.' },
  qa: { label: 'QA', color: 'grape', hint: "Connected to Smartcall's test service." },
  live: { label: 'Live', color: 'green', hint: 'Live: every sale spends real money from the dealer wallet.' },
};

/** How long without a heartbeat before the screen says the link to the till is lost. */
const STALE_AFTER_MS = 15_000;

/** The strip at the top of every screen: mode, Smartcall link, networks, balance, pending work, version. */
export function StatusBar() {
  const info = useAppInfo();
  const status = useStatus().data;
  const [lastBeat, setLastBeat] = useState<number | undefined>(undefined);
  const [now, setNow] = useState(() => Date.now());
  useTillEvent('app:heartbeat', () => setLastBeat(Date.now()));
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);

  const linked = lastBeat !== undefined && now - lastBeat < STALE_AFTER_MS;
  const mode = info.data ? modeLabel[info.data.mode] : undefined;
  const pending = status ? status.pending.unresolved + status.pending.queued : 0;

  const badge = { style: { flexShrink: 0 }, tt: 'none' as const };
  return (
    <Stack gap={4} px="md" py={6} bg="dark.7" c="gray.0" component="header" aria-label="Status">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" wrap="nowrap">
          <Text fw={700} size="lg" style={{ whiteSpace: 'nowrap' }}>
            Smartload Till
          </Text>
          {mode && (
            <Tooltip label={mode.hint}>
              <Badge {...badge} color={mode.color} size="lg" variant="filled" data-testid="mode-badge">
                {mode.label}
              </Badge>
            </Tooltip>
          )}
          {status && (
            <Tooltip label={status.online ? `Smartcall answered at ${formatWhen(status.checkedAt)}` : (status.reconciler.message ?? 'Smartcall cannot be reached.')}>
              <Badge {...badge} color={status.online ? 'teal' : 'red'} size="lg" variant="filled" data-testid="online-status">
                {status.online ? 'Smartcall online' : 'Smartcall offline'}
              </Badge>
            </Tooltip>
          )}
        </Group>
        <Group gap="sm" wrap="nowrap">
          {status?.dealer && (
            <Tooltip label={status.dealer.low ? 'The dealer wallet is low: top it up before sales are refused.' : `Balance at ${formatWhen(status.dealer.balanceAt)}`}>
              <Badge {...badge} color={status.dealer.low ? 'red' : 'gray'} variant={status.dealer.low ? 'filled' : 'light'} size="lg" data-testid="balance">
                Balance {status.dealer.balanceCents === null ? 'not known' : formatRands(status.dealer.balanceCents)}
                {status.dealer.low ? ' — LOW' : ''}
              </Badge>
            </Tooltip>
          )}
          {status && (
            <Badge {...badge} color={pending > 0 ? 'yellow' : 'gray'} variant="light" size="lg" data-testid="pending-count">
              Pending {pending}
            </Badge>
          )}
          <Badge {...badge} color={linked ? 'teal' : 'red'} variant="dot" size="lg" data-testid="link-status">
            {linked ? 'Connected' : lastBeat === undefined ? 'Connecting…' : 'Till not responding'}
          </Badge>
          <Text size="sm" c="gray.4" data-testid="app-version">
            {info.data ? `v${info.data.version}` : ''}
          </Text>
        </Group>
      </Group>
      <Group justify="space-between" wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          {status?.networks.map((n) => (
            <Badge {...badge} key={n.key} size="md" variant={n.health === 'up' ? 'outline' : 'filled'} color={n.health === 'up' ? 'teal' : n.health === 'down' ? 'red' : 'gray'} data-testid={`net-${n.key}`} data-health={n.health}>
              {n.name} {n.health === 'up' ? 'up' : n.health === 'down' ? 'DOWN' : '?'}
            </Badge>
          ))}
        </Group>
        {status && (
          <Text size="xs" c="gray.4" data-testid="catalogue-age" style={{ whiteSpace: 'nowrap' }}>
            Catalogue refreshed {formatWhen(status.catalogueRefreshedAt)}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
