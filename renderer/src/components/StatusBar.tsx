import { useEffect, useState } from 'react';
import { Badge, Group, Text, Tooltip } from '@mantine/core';
import type { TillMode } from '../../../shared/contract/channels';
import { useAppInfo, useTillEvent } from '../api/hooks';

const modeLabel: Record<TillMode, { label: string; color: string; hint: string }> = {
  training: { label: 'Training', color: 'orange', hint: 'Training mode: sales go to a built-in practice service. No real money moves.' },
  qa: { label: 'QA', color: 'grape', hint: "Connected to Smartcall's test service." },
  live: { label: 'Live', color: 'green', hint: 'Live: every sale spends real money from the dealer wallet.' },
};

/** How long without a heartbeat before the screen says the link to the till is lost. */
const STALE_AFTER_MS = 15_000;

/** The strip at the top of every screen: mode, link to the core, version. */
export function StatusBar() {
  const info = useAppInfo();
  const [lastBeat, setLastBeat] = useState<number | undefined>(undefined);
  const [now, setNow] = useState(() => Date.now());
  useTillEvent('app:heartbeat', () => setLastBeat(Date.now()));
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);

  const linked = lastBeat !== undefined && now - lastBeat < STALE_AFTER_MS;
  const mode = info.data ? modeLabel[info.data.mode] : undefined;

  return (
    <Group justify="space-between" px="md" py={8} bg="dark.7" c="gray.0" component="header" aria-label="Status">
      <Group gap="sm">
        <Text fw={700} size="lg">
          Smartload Till
        </Text>
        {mode && (
          <Tooltip label={mode.hint}>
            <Badge color={mode.color} size="lg" variant="filled" data-testid="mode-badge">
              {mode.label}
            </Badge>
          </Tooltip>
        )}
      </Group>
      <Group gap="md">
        <Badge color={linked ? 'teal' : 'red'} variant="dot" size="lg" data-testid="link-status">
          {linked ? 'Connected' : lastBeat === undefined ? 'Connecting…' : 'Till not responding'}
        </Badge>
        <Text size="sm" c="gray.4" data-testid="app-version">
          {info.data ? `v${info.data.version}` : ''}
        </Text>
      </Group>
    </Group>
  );
}
