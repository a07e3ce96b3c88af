import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { EventName, EventPayload } from '../../../shared/contract/events';
import type { SaleView } from '../../../shared/contract/sales';
import type { SessionState } from '../../../shared/contract/session';
import { api } from './index';

/** Query keys in one place, so event handlers invalidate exactly what the screens read. */
export const keys = {
  appInfo: ['app:info'] as const,
  session: ['session'] as const,
  cashiers: ['cashiers'] as const,
  status: ['status'] as const,
  catalogue: ['catalogue'] as const,
  recipient: (number: string) => ['recipient', number] as const,
  sale: (ref: string) => ['sale', ref] as const,
  sales: ['sales'] as const,
  attention: ['attention'] as const,
  settings: ['settings'] as const,
};

/** Subscribe a component to a push event for as long as it is mounted. */
export function useTillEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => api.on(event, (payload) => latest.current(payload)), [event]);
}

/** Who and where the till is; fetched once, it does not change while the till runs. */
export function useAppInfo() {
  return useQuery({ queryKey: keys.appInfo, queryFn: () => api.invoke('app:info', {}), staleTime: Infinity });
}

/** Who is at the till (setup, signed in, locked, shift). Mutations write their answer into this cache. */
export function useSession() {
  return useQuery({ queryKey: keys.session, queryFn: () => api.invoke('session:get', {}) });
}

/** Store a session answer from a mutation so every screen follows at once. */
export function useSetSession(): (state: SessionState) => void {
  const client = useQueryClient();
  return (state) => client.setQueryData(keys.session, state);
}

/** The status bar's data, kept live by `status:changed`. */
export function useStatus() {
  const client = useQueryClient();
  useTillEvent('status:changed', (status) => client.setQueryData(keys.status, status));
  return useQuery({ queryKey: keys.status, queryFn: () => api.invoke('status:get', {}), refetchInterval: 60_000 });
}

/** The catalogue grouped by network. */
export function useCatalogue(enabled = true) {
  return useQuery({ queryKey: keys.catalogue, queryFn: () => api.invoke('catalogue:get', {}), staleTime: 5 * 60_000, enabled });
}

/** Sales that failed after the customer may have left: the notice stays until each is acknowledged. */
export function useAttention(enabled: boolean) {
  return useQuery({
    queryKey: keys.attention,
    enabled,
    queryFn: async () => {
      const failed = await api.invoke('sales:list', { state: 'failed', limit: 200 });
      return failed.items.filter((sale) => sale.needsAttention);
    },
  });
}

/**
 * Wire `sale:changed` into the caches once, at the top of the app: the sale's own entry is patched
 * (keeping a PIN shown at the sale, which events never carry), lists and the notice are refreshed.
 */
export function useSaleEvents(): void {
  const client = useQueryClient();
  useTillEvent('sale:changed', (sale) => {
    client.setQueryData<SaleView>(keys.sale(sale.clientReference), (old) =>
      old?.voucher?.pin && sale.voucher && !sale.voucher.pin ? { ...sale, voucher: { ...sale.voucher, pin: old.voucher.pin, extraPin: old.voucher.extraPin } } : sale,
    );
    client.setQueryData<SaleView[]>(keys.attention, (old) => {
      const others = (old ?? []).filter((s) => s.clientReference !== sale.clientReference);
      return sale.needsAttention ? [...others, sale] : others;
    });
    void client.invalidateQueries({ queryKey: keys.sales });
    void client.invalidateQueries({ queryKey: ['sale-detail', sale.clientReference] });
  });
}
