import { z } from 'zod';
import { catalogueChannels } from './catalogue';
import { empty, epochMs } from './common';
import { shellKindSchema, tillModeSchema } from './mode';
import { salesChannels } from './sales';
import { sessionChannels } from './session';
import { settingsChannels } from './settings';
import { statusChannels } from './status';

/**
 * Every request channel between the till screen and the core. Preload, the Electron gate, the
 * browser bridge and the renderer's api module all derive from this object: no channel string
 * appears anywhere else. Each entry: what the screen sends, what it gets back, one line of doc.
 * Domains keep their entries in their own file (session, catalogue, sales, status, settings).
 */

export { shellKindSchema, tillModeSchema, type ShellKind, type TillMode } from './mode';

const appChannels = {
  /** Who and where the till is: version, mode (training/QA/LIVE), shell and data folder. */
  'app:info': {
    request: empty,
    response: z.object({
      name: z.string(),
      version: z.string(),
      mode: tillModeSchema,
      shell: shellKindSchema,
      dataDir: z.string(),
      startedAt: epochMs,
    }),
  },
} as const;

export const channels = {
  ...appChannels,
  ...sessionChannels,
  ...catalogueChannels,
  ...salesChannels,
  ...statusChannels,
  ...settingsChannels,
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export type ChannelRequest<C extends Channel> = z.input<Channels[C]['request']>;
export type ChannelResponse<C extends Channel> = z.output<Channels[C]['response']>;

export const channelNames = Object.keys(channels) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
