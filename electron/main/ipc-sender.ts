import type { Sender } from '../core/gate';
import { originOf } from './security';

/** The parts of a frame the gate's sender is derived from (a WebFrameMain has them all). */
export type FrameLike = {
  readonly url: string;
  readonly frameTreeNodeId: number;
};

/** The parts of an `ipcMain.handle` event the sender is derived from (IpcMainInvokeEvent has them). */
export type InvokeEventLike = {
  readonly senderFrame: FrameLike | null;
  readonly sender: { readonly mainFrame: FrameLike };
};

/** Nobody: what a call from a frame that is gone (navigated away, destroyed) counts as. */
const nobody: Sender = { origin: '', isTopFrame: false };

/**
 * Who made an IPC call, as the gate wants it: the origin of the calling frame's URL, and whether
 * that frame is the window's top frame (an iframe never is, whatever its origin).
 */
export function senderFromEvent(event: InvokeEventLike): Sender {
  try {
    const frame = event.senderFrame;
    if (frame === null) return nobody;
    const main = event.sender.mainFrame;
    // Electron hands out one WebFrameMain per frame, so identity is the check; the frame tree id
    // (unique within the process) is the same fact, kept in case a wrapper is ever recreated.
    const isTopFrame = frame === main || frame.frameTreeNodeId === main.frameTreeNodeId;
    return { origin: originOf(frame.url) ?? '', isTopFrame };
  } catch {
    // A destroyed WebContents throws on access: such a caller is nobody.
    return nobody;
  }
}
