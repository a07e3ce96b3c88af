import { z } from 'zod';

/** Training sells nothing real (embedded simulator); QA talks to Smartcall's test host; live moves real money. */
export const tillModeSchema = z.enum(['training', 'qa', 'live']);
export type TillMode = z.infer<typeof tillModeSchema>;

/** Which shell runs the core: the Electron desktop app, or the loopback browser bridge. */
export const shellKindSchema = z.enum(['electron', 'browser']);
export type ShellKind = z.infer<typeof shellKindSchema>;
