import { Alert, Button, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { keys, useAttention } from '../api/hooks';
import type { SaleView } from '../../../shared/contract/sales';
import { formatRands } from '../../../shared/money';
import { formatMsisdn } from '../../../shared/msisdn';
import { formatWhen } from '../format';
import { messageOf } from '../screens/SignIn';

/**
 * A sale that failed after it was shown as sent: the customer may have left with nothing. The notice
 * cannot be closed by a stray key or click; only "refunded" (sales:acknowledge) takes it away.
 */
export function AttentionNotice({ enabled }: { enabled: boolean }) {
  const client = useQueryClient();
  const attention = useAttention(enabled);
  const ack = useMutation({
    mutationFn: (sale: SaleView) => api.invoke('sales:acknowledge', { clientReference: sale.clientReference }),
    onSuccess: (sale) => {
      client.setQueryData<SaleView[]>(keys.attention, (old) => (old ?? []).filter((s) => s.clientReference !== sale.clientReference));
      client.setQueryData(keys.sale(sale.clientReference), sale);
    },
  });
  const sale = attention.data?.[0];
  return (
    <Modal opened={enabled && sale !== undefined} onClose={() => undefined} withCloseButton={false} closeOnEscape={false} closeOnClickOutside={false} title="A sale failed: refund the customer" size="lg" centered>
      {sale && (
        <Stack data-testid="attention">
          <Alert color="red" variant="filled">
            {sale.productName} for {sale.meterNumber ?? (sale.recipient ? formatMsisdn(sale.recipient) : '')} ({formatRands(sale.amountCents)}) at {formatWhen(sale.createdAt)} did not go through.
          </Alert>
          <Text>Give the customer {formatRands(sale.amountCents)} back. The dealer wallet was not charged.</Text>
          {sale.error && <Text size="sm" c="dimmed">Smartcall said: {sale.error.message}</Text>}
          {ack.error && <Alert color="red">{messageOf(ack.error)}</Alert>}
          <Button size="xl" color="red" data-autofocus loading={ack.isPending} onClick={() => ack.mutate(sale)} data-testid="acknowledge">
            I have refunded the customer
          </Button>
          {(attention.data?.length ?? 0) > 1 && <Text size="sm">{(attention.data?.length ?? 1) - 1} more after this one.</Text>}
        </Stack>
      )}
    </Modal>
  );
}
