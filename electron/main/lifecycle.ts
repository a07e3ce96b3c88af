/**
 * Quitting cleanly: Electron's `will-quit` does not wait for promises, so the first one is held
 * (preventDefault) until the core has closed (journal flushed, timers stopped), then the app quits
 * for real. Pure, so the order is tested without Electron.
 */

export type QuitGuardOptions = {
  /** Close what the till opened (core.close()). */
  close: () => Promise<void>;
  /** Quit for real (app.quit()); called once, after close settled. */
  quit: () => void;
  /** Told when close failed; the app quits anyway rather than hang. */
  onCloseError?: (error: unknown) => void;
};

/** The `will-quit` listener: hold the quit until close() settled, then let it through. */
export function createQuitGuard(options: QuitGuardOptions): (event: { preventDefault(): void }) => void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  return (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    void (async () => {
      try {
        await options.close();
      } catch (error) {
        options.onCloseError?.(error);
      } finally {
        state = 'closed';
        options.quit();
      }
    })();
  };
}
