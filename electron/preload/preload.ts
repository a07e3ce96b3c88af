// The preload of the till window: runs sandboxed, isolated from the page, and gives it exactly one
// object, `window.tillBridge`. Bundled into one CommonJS file (build/vite.electron.config.ts)
// because a sandboxed preload can require nothing but `electron` and a few builtins.
import { contextBridge, ipcRenderer } from 'electron';
import { createTillBridge } from './bridge';

contextBridge.exposeInMainWorld('tillBridge', createTillBridge(ipcRenderer));
