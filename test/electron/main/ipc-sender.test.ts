import { describe, expect, it } from 'vitest';
import { senderFromEvent, type FrameLike } from '../../../electron/main/ipc-sender';

const frame = (url: string, frameTreeNodeId: number): FrameLike => ({ url, frameTreeNodeId });

describe('senderFromEvent', () => {
  it('is the top frame with the app origin when the main frame calls', () => {
    const main = frame('app://till/index.html', 1);
    expect(senderFromEvent({ senderFrame: main, sender: { mainFrame: main } })).toEqual({ origin: 'app://till', isTopFrame: true });
  });

  it('recognises the main frame by its frame tree id if the wrapper differs', () => {
    expect(senderFromEvent({ senderFrame: frame('app://till/', 7), sender: { mainFrame: frame('app://till/', 7) } })).toEqual({ origin: 'app://till', isTopFrame: true });
  });

  it('is not the top frame for an iframe, even one on the app origin', () => {
    const main = frame('app://till/index.html', 1);
    expect(senderFromEvent({ senderFrame: frame('app://till/frame.html', 2), sender: { mainFrame: main } })).toEqual({ origin: 'app://till', isTopFrame: false });
    expect(senderFromEvent({ senderFrame: frame('https://evil.example/x', 3), sender: { mainFrame: main } })).toEqual({
      origin: 'https://evil.example',
      isTopFrame: false,
    });
  });

  it('is not the top frame for an iframe showing the very same page (identity, not URL, decides)', () => {
    const main = frame('app://till/index.html', 1);
    expect(senderFromEvent({ senderFrame: frame('app://till/index.html', 5), sender: { mainFrame: main } }).isTopFrame).toBe(false);
  });

  it('gives the dev server origin with its port', () => {
    const main = frame('http://127.0.0.1:5173/?x=1', 1);
    expect(senderFromEvent({ senderFrame: main, sender: { mainFrame: main } }).origin).toBe('http://127.0.0.1:5173');
  });

  it('gives no origin for pages that have none we trust', () => {
    for (const url of ['about:blank', 'file:///tmp/x.html', 'data:text/html,x', 'app://evil/']) {
      const main = frame(url, 1);
      expect(senderFromEvent({ senderFrame: main, sender: { mainFrame: main } }).origin, url).toBe('');
    }
  });

  it('is nobody when the frame is gone or the page was destroyed', () => {
    expect(senderFromEvent({ senderFrame: null, sender: { mainFrame: frame('app://till/', 1) } })).toEqual({ origin: '', isTopFrame: false });
    const destroyed = {
      senderFrame: frame('app://till/', 1),
      get sender(): { mainFrame: FrameLike } {
        throw new Error('Object has been destroyed');
      },
    };
    expect(senderFromEvent(destroyed)).toEqual({ origin: '', isTopFrame: false });
  });
});
