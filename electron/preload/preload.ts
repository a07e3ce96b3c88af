// The preload of the till window: runs sandboxed, isolated from the page, and gives it exactly one
// object, `window.tillBridge`. Bundled into one CommonJS file (build/vite.electron.config.ts)
// because a sandboxed preload can require nothing but `electron` and a few builtins.
import { contextBridge, ipcRenderer } from 'electron';
import { z } from 'zod';
import { createTillBridge } from './bridge';

// The page's CSP has no 'unsafe-eval'. Zod would otherwise probe `new Function` on first parse,
// and Chromium reports that blocked probe as a CSP violation even though zod catches it.
z.config({ jitless: true });

contextBridge.exposeInMainWorld('tillBridge', createTillBridge(ipcRenderer));
