import { useState } from 'react';
import { Alert, Badge, Button, Group, Kbd, Modal, Paper, Select, Stack, Table, Text, TextInput, Timeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { keys } from '../api/hooks';
import { saleStateSchema, type SaleStateView } from '../../../shared/contract/sales';
import { formatRands } from '../../../shared/money';
import { formatMsisdn, normaliseMsisdn } from '../../../shared/msisdn';
import { formatWhen, groupDigits, saleStateWords } from '../format';
import { messageOf } from './SignIn';

type Filters = { text: string; state: SaleStateView | null; from: string; to: string };

/** A local yyyy-mm-dd (from a date field) → epoch ms at the start, or the end, of that day. */
function dayBound(value: string, end: boolean): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return end ? new Date(y, m - 1, d, 23, 59, 59, 999).getTime() : new Date(y, m - 1, d).getTime();
}

function asMsisdn(text: string): string | undefined {
  if (!/^[+\d\s()-]{9,}$/.test(text)) return undefined;
  try {
    return normaliseMsisdn(text);
  } catch {
    return undefined;
  }
}

/** Search the journal by number, reference, date and state; a row opens the sale's timeline. */
export function HistoryScreen() {
  const [draft, setDraft] = useState<Filters>({ text: '', state: null, from: '', to: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [open, setOpen] = useState<string | undefined>(undefined);
  const from = dayBound(filters.from, false);
  const to = dayBound(filters.to, true);
  // People type numbers as they read them (082 123 4567); the journal keeps 27821234567.
  const text = asMsisdn(filters.text.trim()) ?? filters.text.trim();
  const list = useQuery({
    queryKey: [...keys.sales, filters],
    queryFn: () =>
      api.invoke('sales:list', {
        limit: 50,
        ...(text ? { text } : {}),
        ...(filters.state ? { state: filters.state } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      }),
  });
  return (
    <Stack>
      <Paper withBorder p="md">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setFilters(draft);
          }}
        >
          <Group align="flex-end">
            <TextInput
              label="Number, meter, reference or product"
              size="md"
              w={340}
              value={draft.text}
              onChange={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
              data-testid="history-text"
              autoFocus
            />
            <Select
              label="Status"
              size="md"
              w={200}
              searchable
              allowDeselect={false}
              data={[{ value: 'any', label: 'any status' }, ...saleStateSchema.options.map((s) => ({ value: s, label: s }))]}
              value={draft.state ?? 'any'}
              onChange={(v) => setDraft({ ...draft, state: v === null || v === 'any' ? null : saleStateSchema.parse(v) })}
              data-testid="history-state"
            />
            <TextInput
              label="From"
              type="date"
              size="md"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
              data-testid="history-from"
            />
            <TextInput
              label="To"
              type="date"
              size="md"
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
              data-testid="history-to"
            />
            <Button type="submit" size="md" data-testid="history-search">
              Search <Kbd ml="sm">Enter</Kbd>
            </Button>
          </Group>
        </form>
      </Paper>
      {list.error && <Alert color="red">{messageOf(list.error)}</Alert>}
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="history-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Number / meter</Table.Th>
            <Table.Th>Product</Table.Th>
            <Table.Th>Amount</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.items.map((sale) => (
            <Table.Tr
              key={sale.clientReference}
              onClick={() => setOpen(sale.clientReference)}
              style={{ cursor: 'pointer' }}
              data-testid="history-row"
              tabIndex={0}
              onKeyDown={(e) => {
                if (e.key === 'Enter') setOpen(sale.clientReference);
              }}
            >
              <Table.Td>{formatWhen(sale.createdAt)}</Table.Td>
              <Table.Td>{sale.meterNumber ?? (sale.recipient ? formatMsisdn(sale.recipient) : '')}</Table.Td>
              <Table.Td>{sale.productName}</Table.Td>
              <Table.Td>{formatRands(sale.amountCents)}</Table.Td>
              <Table.Td>
                <Badge color={saleStateWords[sale.state].color}>{sale.state}</Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data && list.data.items.length === 0 && (
        <Text c="dimmed" data-testid="history-empty">
          No sales match.
        </Text>
      )}
      <SaleDetail clientReference={open} onClose={() => setOpen(undefined)} />
    </Stack>
  );
}

function SaleDetail({ clientReference, onClose }: { clientReference: string | undefined; onClose: () => void }) {
  const detail = useQuery({
    queryKey: ['sale-detail', clientReference],
    queryFn: () => api.invoke('sales:get', { clientReference: clientReference ?? '' }),
    enabled: clientReference !== undefined,
  });
  const sale = detail.data?.sale;
  const events = detail.data?.events ?? [];
  return (
    <Modal opened={clientReference !== undefined} onClose={onClose} title="Sale" size="lg">
      {detail.error && <Alert color="red">{messageOf(detail.error)}</Alert>}
      {sale && (
        <Stack data-testid="sale-detail">
          <Text fw={700}>{saleStateWords[sale.state].title}</Text>
          <Text>
            {sale.productName} · {sale.meterNumber ?? (sale.recipient ? formatMsisdn(sale.recipient) : '')} ·{' '}
            {formatRands(sale.amountCents)}
            {sale.costCents !== null ? ` (wallet paid ${formatRands(sale.costCents)})` : ''}
          </Text>
          {sale.voucher?.serial && <Text size="sm">Serial {sale.voucher.serial.trim()}</Text>}
          {sale.voucher?.pin && <Text ff="monospace">PIN {groupDigits(sale.voucher.pin)}</Text>}
          <Text size="xs" c="dimmed" data-testid="detail-ref">
            Ref {sale.clientReference}
            {sale.orderReferenceId ? ` · Smartcall ${sale.orderReferenceId}` : ''}
          </Text>
          <Timeline active={events.length - 1} bulletSize={18} data-testid="sale-timeline">
            {events.map((event, i) => (
              <Timeline.Item key={i} title={`${event.from ?? 'new'} → ${event.to}`}>
                <Text size="sm" c="dimmed">
                  {formatWhen(event.at)} · {event.cause}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>
      )}
    </Modal>
  );
}
