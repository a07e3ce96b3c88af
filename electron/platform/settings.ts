import { z } from 'zod';
import { tillModeSchema } from '../../shared/contract/channels';
import { TillFailure } from '../../shared/contract/envelope';

/**
 * The till's own settings: small, non-secret, per PC. Credentials (Smartcall user, password,
 * tokens) are NOT settings: they never go into this file. Both shells keep the settings in the
 * data folder behind the {@link SettingsStore} port (conf in plain Node, electron-store in Electron).
 *
 * To add a setting: add it to its section's shape with a bound, add its default, and nothing else;
 * files written before it existed get the default, files from a newer till keep working (unknown
 * keys are dropped on read, refused in a change).
 */

export const SettingsErrorCode = {
  /** A change was refused: it names an unknown setting or a value out of bounds. Nothing was saved. */
  Invalid: 'SETTINGS_INVALID',
  /** The settings file is not readable JSON or holds values out of bounds (edited by hand?). */
  FileInvalid: 'SETTINGS_FILE_INVALID',
  /** The settings file could not be written (disk full, read-only, permissions). */
  WriteFailed: 'SETTINGS_WRITE_FAILED',
} as const;

// Smartcall's wire form of a South African MSISDN (27 + 9 digits); a dealer's Smartload ID is one.
const smartloadId = z.string().regex(/^27[1-9]\d{8}$/, 'A Smartload ID is the dealer wallet number in the form 27821234567.');

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

// An override of the Smartcall host (QA, LIVE and a test host share one path layout). HTTPS only,
// except plain HTTP to this PC itself (the simulator); never credentials or a query in the URL.
const baseUrl = z.string().refine(
  (value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
  },
  { message: 'Use a full https:// address without a user name or query, e.g. https://www.smartcallesb.co.za:8101/webservice.' },
);

const shapes = {
  smartcall: {
    /** Replaces the environment's default Smartcall address; null uses the default. */
    baseUrl: baseUrl.nullable(),
    /** How long one request to Smartcall may take before its outcome counts as unknown. */
    requestTimeoutMs: z.int().min(1_000).max(120_000),
    /** The Smartcall web-service user name (QA/LIVE). Its password is NOT a setting: it is sealed apart. */
    username: z.string().trim().min(1).max(100).nullable(),
  },
  dealer: {
    /** The dealer wallets (Smartload IDs) this till may sell from. */
    smartloadIds: z.array(smartloadId).max(20),
    /** The wallet a new sale uses unless the cashier picks another; one of `smartloadIds`. */
    defaultSmartloadId: smartloadId.nullable(),
  },
  offlineQueue: {
    /** Whether sales may be queued while Smartcall cannot be reached (off: the till refuses them). */
    enabled: z.boolean(),
    /** At most this many sales wait in the queue at once. */
    maxSales: z.int().min(1).max(500),
    /** At most this much money (cents) waits in the queue at once. */
    maxTotalCents: z.int().min(0).max(10_000_000),
    /** A queued sale older than this is not forwarded automatically; a person decides. */
    maxAgeMinutes: z.int().min(1).max(24 * 60),
  },
  heartbeat: {
    /** How often the core tells the screens it is alive. */
    intervalMs: z.int().min(1_000).max(60_000),
  },
} as const;

/** A complete, valid set of settings (what {@link SettingsStore.get} returns). */
export const settingsSchema = z
  .object({
    /** Training sells nothing real; QA talks to Smartcall's QA host; live moves real money. */
    environment: tillModeSchema,
    smartcall: z.object(shapes.smartcall),
    dealer: z.object(shapes.dealer),
    offlineQueue: z.object(shapes.offlineQueue),
    heartbeat: z.object(shapes.heartbeat),
  })
  .superRefine((settings, ctx) => {
    const { smartloadIds, defaultSmartloadId } = settings.dealer;
    if (new Set(smartloadIds).size !== smartloadIds.length) {
      ctx.addIssue({ code: 'custom', path: ['dealer', 'smartloadIds'], message: 'Each Smartload ID may be listed once.' });
    }
    if (defaultSmartloadId !== null && !smartloadIds.includes(defaultSmartloadId)) {
      ctx.addIssue({ code: 'custom', path: ['dealer', 'defaultSmartloadId'], message: 'The default Smartload ID must be one of the listed Smartload IDs.' });
    }
  });
export type Settings = z.output<typeof settingsSchema>;

/** A change: any sections, any of their fields; unknown names are refused (a typo must not pass silently). */
export const settingsPatchSchema = z
  .object({
    environment: tillModeSchema.optional(),
    smartcall: z.object(shapes.smartcall).partial().strict().optional(),
    dealer: z.object(shapes.dealer).partial().strict().optional(),
    offlineQueue: z.object(shapes.offlineQueue).partial().strict().optional(),
    heartbeat: z.object(shapes.heartbeat).partial().strict().optional(),
  })
  .strict();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/** What a new till starts with: training mode, no dealer wallets, no offline selling. */
export const defaultSettings: Settings = deepFreeze({
  environment: 'training',
  smartcall: { baseUrl: null, requestTimeoutMs: 30_000, username: null },
  dealer: { smartloadIds: [], defaultSmartloadId: null },
  offlineQueue: { enabled: false, maxSales: 20, maxTotalCents: 100_000, maxAgeMinutes: 120 },
  heartbeat: { intervalMs: 5_000 },
});

/** The settings port: where the till keeps its settings. Implementations validate with the schemas above. */
export interface SettingsStore {
  /** The current settings, complete and valid; throws SETTINGS_FILE_INVALID for a damaged file. */
  get(): Settings;
  /** Check a change and save it; a refused change (SETTINGS_INVALID) saves nothing. Returns the saved settings. */
  update(patch: SettingsPatch): Settings;
  /** Put every setting back to its default and save that. */
  reset(): Settings;
  /** The file the settings live in (shown to support; never contains secrets). */
  readonly location: string;
}

type SectionName = keyof typeof shapes;
const sectionNames = Object.keys(shapes) as SectionName[];

/**
 * Stored JSON → complete settings: each section's missing fields take their defaults, unknown keys
 * are dropped. Throws SETTINGS_FILE_INVALID naming the fields when a stored value is out of bounds.
 */
export function settingsFromStored(stored: unknown, location: string): Settings {
  const raw = isRecord(stored) ? stored : {};
  const merged: Record<string, unknown> = { environment: raw.environment ?? defaultSettings.environment };
  for (const name of sectionNames) {
    const section = raw[name];
    merged[name] = { ...defaultSettings[name], ...(isRecord(section) ? section : {}) };
  }
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    throw new TillFailure(
      SettingsErrorCode.FileInvalid,
      `The till's settings file "${location}" has values it cannot use (${describeIssues(parsed.error)}). Correct them in the settings screen or ask support to reset the settings.`,
      { fields: issueFields(parsed.error) },
    );
  }
  return parsed.data;
}

/** Current settings + a change → the new complete settings, or SETTINGS_INVALID naming the fields. */
export function applySettingsPatch(current: Settings, patch: unknown): Settings {
  const checked = settingsPatchSchema.safeParse(patch ?? {});
  if (!checked.success) throw invalidChange(checked.error);
  const next: Record<string, unknown> = { ...current, environment: checked.data.environment ?? current.environment };
  for (const name of sectionNames) {
    next[name] = { ...current[name], ...dropUndefined(checked.data[name] ?? {}) };
  }
  const parsed = settingsSchema.safeParse(next);
  if (!parsed.success) throw invalidChange(parsed.error);
  return parsed.data;
}

function invalidChange(error: z.ZodError): TillFailure {
  return new TillFailure(SettingsErrorCode.Invalid, `That change to the settings was not saved: ${describeIssues(error)}.`, { fields: issueFields(error) });
}

function issueFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
    for (const path of keys) {
      const name = path.map(String).join('.') || '(settings)';
      fields[name] ??= issue.code === 'unrecognized_keys' ? 'There is no such setting.' : issue.message;
    }
  }
  return fields;
}

function describeIssues(error: z.ZodError): string {
  return Object.entries(issueFields(error))
    .map(([field, message]) => `${field}: ${message}`)
    .join('; ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dropUndefined(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (typeof inner === 'object' && inner !== null) deepFreeze(inner as object);
  return Object.freeze(value);
}
