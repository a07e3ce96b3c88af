import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { EventName, EventPayload } from '../../../shared/contract/events';
import { api } from './index';

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
  return useQuery({ queryKey: ['app:info'], queryFn: () => api.invoke('app:info', {}), staleTime: Infinity });
}
