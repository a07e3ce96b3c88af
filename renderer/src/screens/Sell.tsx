import { forwardRef, useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Divider,
  Grid,
  Group,
  Kbd,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../api';
import { keys, useCatalogue } from '../api/hooks';
import type { NetworkView, ProductKind, ProductView } from '../../../shared/contract/catalogue';
import type { SaleView } from '../../../shared/contract/sales';
import { formatBasisPoints, formatRands, MoneyError, parseTypedRands } from '../../../shared/money';
import { formatMsisdn } from '../../../shared/msisdn';
import { formatWhen, groupDigits, saleStateWords } from '../format';
import { fieldError, messageOf } from './SignIn';

const kindLabel: Record<ProductKind, string> = {
  airtime: 'Airtime',
  data: 'Data',
  sms: 'SMS',
  bundle: 'Bundles',
  voucher: 'Vouchers',
  electricity: 'Electricity',
  other: 'Other',
};
const kindOrder: ProductKind[] = ['airtime', 'data', 'sms', 'bundle', 'voucher', 'electricity', 'other'];

/** A prepared sale, waiting for the cashier to take the cash and confirm. */
type Pending = {
  product: ProductView;
  recipient: string;
  amountCents: number;
  meterNumber?: string;
  sendSms: boolean;
  clientReference?: string;
  prevendMessage?: string;
};

/** The sell screen: number → network → product → amount → confirm → result, all from the keyboard. */
export function SellScreen({ active }: { active: boolean }) {
  const client = useQueryClient();
  const numberRef = useRef<HTMLInputElement>(null);
  const catalogue = useCatalogue();
  const [number, setNumber] = useState('');
  const [networkOverride, setNetworkOverride] = useState<string | null>(null);
  const [kind, setKind] = useState<ProductKind | null>(null);
  const [productId, setProductId] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  const [meter, setMeter] = useState('');
  const [sendSms, setSendSms] = useState(false);
  const [prevendOn, setPrevendOn] = useState(true);
  const [localError, setLocalError] = useState<{ field: 'amount' | 'product'; message: string } | undefined>(undefined);
  const [pending, setPending] = useState<Pending | undefined>(undefined);
  const [resultRef, setResultRef] = useState<string | undefined>(undefined);

  const [debounced] = useDebouncedValue(number.trim(), 300);
  const lookup = useQuery({
    queryKey: keys.recipient(debounced),
    queryFn: () => api.invoke('recipient:lookup', { number: debounced }),
    enabled: debounced.replace(/\D/g, '').length >= 9,
    retry: false,
    staleTime: 10 * 60_000,
  });

  // Only what was looked up for the number as it stands now (not the last customer's, not a half-typed one).
  const recipient = debounced !== '' && debounced === number.trim() ? lookup.data : undefined;
  const networks = catalogue.data?.networks ?? [];
  const networkId = networkOverride ?? (recipient?.networkId != null ? String(recipient.networkId) : null);
  const network: NetworkView | undefined = networks.find((n) => String(n.id) === networkId);
  const kinds = useMemo(() => kindOrder.filter((k) => network?.products.some((p) => p.kind === k)), [network]);
  const shownKind = kind && kinds.includes(kind) ? kind : (kinds[0] ?? null);
  const products = useMemo(() => (network?.products ?? []).filter((p) => p.kind === shownKind), [network, shownKind]);
  const product = products.find((p) => String(p.id) === productId);

  const focusNumber = () => setTimeout(() => numberRef.current?.focus(), 0);
  useEffect(() => {
    if (active) focusNumber();
  }, [active]);

  const prevend = useMutation({
    mutationFn: (p: Pending) =>
      api.invoke('sales:prevend', { productId: p.product.id, recipient: p.recipient, amountCents: p.amountCents }),
  });
  const sell = useMutation({
    mutationFn: (p: Pending) =>
      api.invoke('sales:sell', {
        productId: p.product.id,
        recipient: p.recipient,
        ...(p.product.fixedPrice ? {} : { amountCents: p.amountCents }),
        ...(p.meterNumber ? { meterNumber: p.meterNumber } : {}),
        sendSms: p.sendSms,
        ...(p.clientReference ? { clientReference: p.clientReference } : {}),
      }),
    onSuccess: (sale) => {
      client.setQueryData(keys.sale(sale.clientReference), sale);
      void client.invalidateQueries({ queryKey: keys.sales });
      setResultRef(sale.clientReference);
      setPending(undefined);
      // The next customer: clear what was sold, keep the screen ready at the number field.
      setNumber('');
      setNetworkOverride(null);
      setProductId(null);
      setKind(null);
      setAmount('');
      setMeter('');
      setSendSms(false);
      // The check before cash is the safe default: switching it off counts for one sale only.
      setPrevendOn(true);
      focusNumber();
    },
    onError: () => setPending(undefined),
  });

  const errorOf = (field: string) => fieldError(sell.error, field) ?? fieldError(prevend.error, field);
  const numberError = lookup.error ? messageOf(lookup.error) : errorOf('recipient');
  const amountError = (localError?.field === 'amount' ? localError.message : undefined) ?? errorOf('amountCents');
  const meterError = errorOf('meterNumber');
  const generalError = [sell.error, prevend.error].find(
    (e) => e && !(e instanceof ApiError && e.fields && Object.keys(e.fields).length > 0),
  );

  const prepare = async () => {
    setLocalError(undefined);
    setResultRef(undefined);
    sell.reset();
    prevend.reset();
    if (!product) {
      setLocalError({ field: 'product', message: 'Choose a product.' });
      return;
    }
    let amountCents = product.priceCents ?? 0;
    if (!product.fixedPrice) {
      try {
        amountCents = parseTypedRands(amount);
      } catch (error) {
        setLocalError({ field: 'amount', message: error instanceof MoneyError ? error.message : 'Type the amount.' });
        return;
      }
    }
    const next: Pending = { product, recipient: number, amountCents, sendSms, ...(meter.trim() ? { meterNumber: meter.trim() } : {}) };
    if (product.prevendAvailable && prevendOn) {
      try {
        const answer = await prevend.mutateAsync(next);
        if (!answer.accepted) return; // shown below: nothing was sold, nothing typed is lost
        next.clientReference = answer.clientReference;
        next.prevendMessage = answer.message;
      } catch {
        return;
      }
    }
    setPending(next);
  };

  // Esc clears the last result and messages (never what is typed); it works from inside the fields too.
  useHotkeys(
    active
      ? [
          ['Escape', () => { setResultRef(undefined); setLocalError(undefined); sell.reset(); prevend.reset(); }],
          ['mod+K', () => document.getElementById('product-select')?.focus()],
        ]
      : [],
    [],
  );

  return (
    <Grid gap="lg">
      <Grid.Col span={7}>
        <Paper withBorder p="md" data-testid="sell-form">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void prepare();
            }}
          >
            <Stack gap="sm">
              <Group align="flex-start" grow>
                <TextInput
                  ref={numberRef}
                  label="Cell number"
                  placeholder="082 123 4567"
                  size="md"
                  inputMode="tel"
                  autoComplete="off"
                  value={number}
                  onChange={(e) => {
                    setNumber(e.currentTarget.value);
                    sell.reset();
                    prevend.reset();
                    setNetworkOverride(null);
                  }}
                  error={numberError}
                  data-testid="recipient"
                  description={<RecipientLine lookup={recipient} loading={lookup.isFetching} />}
                />
                <Select
                  label="Network"
                  searchable
                  size="md"
                  placeholder="Choose"
                  data={networks.map((n) => ({ value: String(n.id), label: `${n.name}${n.health === 'down' ? ' (down)' : ''}` }))}
                  value={networkId}
                  onChange={(v) => {
                    setNetworkOverride(v);
                    setProductId(null);
                  }}
                  allowDeselect={false}
                  data-testid="network"
                  description={networkOverride ? 'Chosen by hand' : 'From the number'}
                />
              </Group>
              {network?.health === 'down' && (
                <Alert color="orange" data-testid="network-down">
                  {network.name} reports it is down. A sale may fail; the customer gets their money back if it does.
                </Alert>
              )}
              {kinds.length > 0 && (
                <SegmentedControl
                  size="md"
                  data={kinds.map((k) => ({ value: k, label: kindLabel[k] }))}
                  value={shownKind ?? undefined}
                  onChange={(v) => {
                    setKind(v);
                    setProductId(null);
                  }}
                  data-testid="kind"
                />
              )}
              <Select
                id="product-select"
                label={
                  <>
                    Product <Kbd size="xs">Ctrl K</Kbd>
                  </>
                }
                size="md"
                searchable
                placeholder={network ? 'Type to search' : 'Type the number first'}
                nothingFoundMessage="No product matches"
                data={products.map((p) => ({ value: String(p.id), label: productLabel(p) }))}
                value={product ? productId : null}
                onChange={(v) => {
                  setProductId(v);
                  setLocalError(undefined);
                }}
                error={localError?.field === 'product' ? localError.message : undefined}
                data-testid="product"
                allowDeselect={false}
                maxDropdownHeight={280}
              />
              <Group grow align="flex-start">
                {product && !product.fixedPrice && (
                  <TextInput
                    label="Amount (rands)"
                    size="md"
                    inputMode="decimal"
                    placeholder="0.00"
                    value={amount}
                    onChange={(e) => setAmount(e.currentTarget.value)}
                    description={`From ${formatRands(product.minCents)} to ${formatRands(product.maxCents)}`}
                    error={amountError}
                    data-testid="amount"
                  />
                )}
                {product?.fixedPrice && product.priceCents !== null && (
                  <Text size="md">
                    Price: <b>{formatRands(product.priceCents)}</b>
                  </Text>
                )}
                {product?.needsMeter && (
                  <TextInput
                    label="Meter number"
                    size="md"
                    inputMode="numeric"
                    value={meter}
                    onChange={(e) => setMeter(e.currentTarget.value)}
                    error={meterError}
                    data-testid="meter"
                  />
                )}
              </Group>
              <Group>
                <Checkbox
                  label="Send the customer an SMS"
                  checked={sendSms}
                  onChange={(e) => setSendSms(e.currentTarget.checked)}
                  data-testid="send-sms"
                />
                {product?.prevendAvailable && (
                  <Switch
                    label="Check with the network before taking cash"
                    checked={prevendOn}
                    onChange={(e) => setPrevendOn(e.currentTarget.checked)}
                    data-testid="prevend-switch"
                  />
                )}
              </Group>
              {prevend.data && !prevend.data.accepted && (
                <Alert color="red" title="The network refused this number or amount" data-testid="prevend-refused">
                  {prevend.data.message} Nothing was sold; do not take the cash.
                </Alert>
              )}
              {generalError && (
                <Alert color="red" data-testid="sell-error">
                  {messageOf(generalError)}
                </Alert>
              )}
              <Button type="submit" size="xl" loading={prevend.isPending} data-testid="next">
                Next: confirm <Kbd ml="sm">Enter</Kbd>
              </Button>
              <Text size="xs" c="dimmed">
                <Kbd>Esc</Kbd> clear result · <Kbd>F1</Kbd> sell · <Kbd>F2</Kbd> history · <Kbd>F3</Kbd> settings · <Kbd>F9</Kbd> lock
              </Text>
            </Stack>
          </form>
        </Paper>
      </Grid.Col>
      <Grid.Col span={5}>{resultRef ? <SaleResult clientReference={resultRef} /> : <Idle />}</Grid.Col>
      <ConfirmModal
        pending={pending}
        selling={sell.isPending}
        onCancel={() => {
          setPending(undefined);
          focusNumber();
        }}
        onSell={(p) => sell.mutate(p)}
      />
    </Grid>
  );
}

function productLabel(p: ProductView): string {
  const price =
    p.fixedPrice && p.priceCents !== null
      ? ` — ${formatRands(p.priceCents)}`
      : ` — ${formatRands(p.minCents)} to ${formatRands(p.maxCents)}`;
  return `${p.name}${p.pinned && p.kind !== 'electricity' ? ' (PIN)' : ''}${price}`;
}

function RecipientLine({
  lookup,
  loading,
}: {
  lookup: { display: string; networkName: string | null; ported: boolean; source: string } | undefined;
  loading: boolean;
}) {
  if (loading) return <span>Looking up the network…</span>;
  if (!lookup) return <span>Any form: 082 123 4567, +27 82…, 27…</span>;
  return (
    <span data-testid="recipient-info">
      {lookup.display} · {lookup.networkName ?? 'network not known'}
      {lookup.ported ? ' · ported' : ''}
      {lookup.source === 'prefix' ? ' · guessed from the number (offline)' : ''}
    </span>
  );
}

function Idle() {
  return (
    <Paper withBorder p="md" c="dimmed">
      <Text>Type the customer's number, choose the product, then press Enter.</Text>
    </Paper>
  );
}

const ConfirmModal = forwardRef<
  HTMLDivElement,
  { pending: Pending | undefined; selling: boolean; onCancel: () => void; onSell: (p: Pending) => void }
>(function ConfirmModal({ pending, selling, onCancel, onSell }, ref) {
  return (
    <Modal
      transitionProps={{ duration: 80 }}
      opened={pending !== undefined}
      onClose={onCancel}
      title={<Title order={3}>Take the cash, then sell</Title>}
      size="md"
      centered
      ref={ref}
    >
      {pending && (
        <Stack data-testid="confirm">
          <Text size="xl">
            Customer pays <b data-testid="confirm-pays">{formatRands(pending.amountCents)}</b>
          </Text>
          <Text size="md">
            Gets: {pending.product.name} ({pending.product.networkName}) for <b>{pending.recipient}</b>
            {pending.meterNumber ? (
              <>
                {' '}
                · meter <b>{pending.meterNumber}</b>
              </>
            ) : null}
          </Text>
          {pending.product.discountBasisPoints > 0 && (
            <Text size="sm" c="dimmed">
              Dealer discount {formatBasisPoints(pending.product.discountBasisPoints)}
            </Text>
          )}
          {pending.prevendMessage && <Alert color="teal">The network accepted the number: {pending.prevendMessage}</Alert>}
          <Group grow>
            <Button size="xl" data-autofocus loading={selling} onClick={() => onSell(pending)} data-testid="sell">
              Sell <Kbd ml="sm">Enter</Kbd>
            </Button>
            <Button size="xl" variant="default" onClick={onCancel}>
              Back <Kbd ml="sm">Esc</Kbd>
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
});

/** The sale's state in plain words, live from `sale:changed`, with the PIN/token and a receipt preview. */
export function SaleResult({ clientReference }: { clientReference: string }) {
  const sale = useQuery<SaleView>({
    queryKey: keys.sale(clientReference),
    queryFn: async () => (await api.invoke('sales:get', { clientReference })).sale,
    staleTime: Infinity,
  }).data;
  // A PIN or token that arrived after the first answer (the reconciler brought it) is asked for once,
  // when the sale is delivered; the core records that showing.
  const late = !!sale && sale.state === 'delivered' && !!sale.voucher && !sale.voucher.pin;
  const revealed = useQuery({
    queryKey: ['sales:reveal', clientReference],
    queryFn: async () => (await api.invoke('sales:reveal', { clientReference })).sale,
    enabled: late,
    staleTime: Infinity,
    retry: false,
  });
  if (!sale) return null;
  const words = saleStateWords[sale.state];
  const pin = sale.voucher?.pin ?? (late ? revealed.data?.voucher?.pin : undefined);
  return (
    <Stack>
      <Alert
        color={words.color}
        title={<span data-testid="sale-state">{words.title}</span>}
        variant="filled"
        data-state={sale.state}
        data-testid="sale-result"
      >
        {words.advice}
        {sale.error && sale.state === 'failed' ? ` Smartcall said: ${sale.error.message}` : ''}
      </Alert>
      {late && revealed.isError && (
        <Alert color="yellow" data-testid="pin-not-shown">
          The {sale.kind === 'electricity' ? 'token' : 'PIN'} could not be shown: {messageOf(revealed.error)}
        </Alert>
      )}
      {pin && (
        <Paper withBorder p="md" bg="yellow.0">
          <Text size="sm">{sale.kind === 'electricity' ? 'Electricity token' : 'Voucher PIN'}</Text>
          <Text size="xl" fw={700} ff="monospace" data-testid="voucher-pin">
            {groupDigits(pin)}
          </Text>
          {sale.voucher?.extraPin && <Text ff="monospace">Free units: {groupDigits(sale.voucher.extraPin)}</Text>}
        </Paper>
      )}
      <Paper withBorder p="md" ff="monospace" data-testid="receipt">
        <Text fw={700}>Receipt (preview)</Text>
        <Divider my={4} />
        <Text size="sm">{formatWhen(sale.createdAt)}</Text>
        <Text size="sm">
          {sale.productName} {sale.network ? `(${sale.network})` : ''}
        </Text>
        {sale.recipient && <Text size="sm">To: {formatMsisdn(sale.recipient)}</Text>}
        {sale.meterNumber && <Text size="sm">Meter: {sale.meterNumber}</Text>}
        <Text size="sm">Amount: {formatRands(sale.amountCents)}</Text>
        {pin && (
          <Text size="sm">
            {sale.kind === 'electricity' ? 'Token' : 'PIN'}: {groupDigits(pin)}
          </Text>
        )}
        {sale.voucher?.serial && <Text size="sm">Serial: {sale.voucher.serial.trim()}</Text>}
        <Text size="sm">Status: {words.title}</Text>
        <Text size="xs" c="dimmed">
          Ref {sale.clientReference}
        </Text>
        {sale.cashierName && (
          <Text size="xs" c="dimmed">
            Served by {sale.cashierName}
          </Text>
        )}
      </Paper>
      <Text size="sm" c="dimmed">
        Next customer: just type the number. <Kbd>Esc</Kbd> clears this.
      </Text>
    </Stack>
  );
}
