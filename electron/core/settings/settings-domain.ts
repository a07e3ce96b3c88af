import { statSync } from 'node:fs';
import type { SettingsView } from '../../../shared/contract/settings';
import { applySettingsPatch, type Settings, type SettingsPatch } from '../../platform/settings';
import type { SecretsStore } from '../../platform/secrets';
import type { CoreContext, SessionPort } from '../context';
import { defineHandlers } from '../gate';
import type { Domain } from '../domain';

export const settingsChannelNames = ['settings:get', 'settings:update'] as const;
type SettingsChannel = (typeof settingsChannelNames)[number];

export type SettingsDomainDeps = {
  /** Where the Smartcall password is sealed (never in the settings file). */
  secrets: SecretsStore;
  /** Who may change settings (supervisors). */
  session: SessionPort;
};

/**
 * The settings screen: the view never carries a secret (only `hasPassword`); a change is supervisor
 * only, checked whole before anything is written, and the password goes to the sealed store, not
 * the settings file. The environment and the Smartcall address are read once at start (the client
 * and the simulator are built from them), so changing them says `restartRequired`.
 */
export function createSettingsDomain(ctx: CoreContext, deps: SettingsDomainDeps): Domain<SettingsChannel> {
  const startedWith = ctx.settings.get();

  const hasPassword = () => {
    try {
      return deps.secrets.get().smartcallPassword !== undefined;
    } catch {
      return false; // unreadable counts as none: the screen asks for it again
    }
  };

  const updatedAt = (): number | null => {
    try {
      return Math.trunc(statSync(ctx.settings.location).mtimeMs);
    } catch {
      return null; // never saved: defaults
    }
  };

  const view = (s: Settings): SettingsView => ({
    environment: s.environment,
    smartcall: { baseUrl: s.smartcall.baseUrl, requestTimeoutMs: s.smartcall.requestTimeoutMs, username: s.smartcall.username, hasPassword: hasPassword() },
    dealer: { smartloadIds: [...s.dealer.smartloadIds], defaultSmartloadId: s.dealer.defaultSmartloadId },
    offlineQueue: { ...s.offlineQueue },
    updatedAt: updatedAt(),
    restartRequired: s.environment !== ctx.mode || s.smartcall.baseUrl !== startedWith.smartcall.baseUrl,
  });

  const handlers = defineHandlers<SettingsChannel>({
    'settings:get': async () => view(ctx.settings.get()),
    'settings:update': async (request) => {
      deps.session.requireSupervisor();
      const { password, ...smartcall } = request.smartcall ?? {};
      const patch: SettingsPatch = { ...request, ...(request.smartcall ? { smartcall } : {}) };
      if (!request.smartcall) delete patch.smartcall;
      const before = ctx.settings.get();
      // Check the whole change first (throws SETTINGS_INVALID naming the fields): a refused change writes nothing.
      applySettingsPatch(before, patch);
      let previousPassword: string | undefined;
      if (password !== undefined) {
        previousPassword = safePassword(deps.secrets);
        deps.secrets.update({ smartcallPassword: password });
      }
      let saved: Settings;
      try {
        saved = ctx.settings.update(patch);
      } catch (error) {
        if (password !== undefined) deps.secrets.update({ smartcallPassword: previousPassword ?? null });
        throw error;
      }
      const credentialsChanged = password !== undefined || saved.smartcall.username !== before.smartcall.username;
      // The client holds a token for the old user: drop it so the next call logs in with the new credentials.
      if (credentialsChanged && ctx.mode !== 'training') void ctx.client.logout().catch(() => undefined);
      return view(saved);
    },
  });

  return { handlers };
}

function safePassword(secrets: SecretsStore): string | undefined {
  try {
    return secrets.get().smartcallPassword;
  } catch {
    return undefined;
  }
}
