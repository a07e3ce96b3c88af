import { TillFailure } from '../../../shared/contract/envelope';
import type { CoreContext, SessionPort } from '../context';
import { notReady, type Domain } from '../domain';

export const sessionChannelNames = [
  'session:get',
  'session:setup',
  'session:signIn',
  'session:signOut',
  'session:lock',
  'session:unlock',
  'cashiers:list',
  'cashiers:create',
  'shift:open',
  'shift:close',
] as const;

/** Cashiers, sign-in, lock and shifts. (Placeholder until the till-screen work builds it.) */
export function createSessionDomain(_ctx: CoreContext): Domain<(typeof sessionChannelNames)[number]> & { port: SessionPort } {
  const refuse = (): never => {
    throw new TillFailure('SESSION_SIGNED_OUT', 'Sign in first.');
  };
  return { handlers: notReady(sessionChannelNames), port: { requireSeller: refuse, requireSupervisor: refuse } };
}
