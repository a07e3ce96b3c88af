import { z } from 'zod';
import { salesEvents } from './sales';
import { statusEvents } from './status';

/**
 * Every push event from the core to the open screens, with its payload schema. The Electron shell
 * sends them over IPC, the browser shell over server-sent events; the renderer's api module
 * subscribes to them by name.
 */
export const events = {
  /** A sign of life from the core every few seconds, so a screen knows its link is alive. */
  'app:heartbeat': z.object({
    seq: z.number().int().nonnegative(),
    at: z.number().int(),
  }),
  ...salesEvents,
  ...statusEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const eventNames = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
