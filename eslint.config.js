// ESLint flat config. The layer rules (no-restricted-imports zones) are the architecture:
//   shared/      imports nothing but zod and itself (the renderer and the Node side both use it)
//   renderer/    imports shared/ and browser libraries; never electron/, node:*, or `electron`
//   electron/core, store, smartcall, simulator, platform, common: no `electron`, no shells
//   electron/main, electron/preload: the Electron shell, the only places that import `electron`
//   electron/browser: the browser shell; no `electron`
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Bare builtin names go in `paths` (exact), so a file of ours called events.ts is not caught by them.
const nodeBuiltinPaths = ['fs', 'path', 'os', 'http', 'https', 'net', 'crypto', 'child_process', 'url', 'stream', 'events', 'util'].map((name) => ({
  name,
  message: 'Node built-ins are for the main process only.',
}));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-*/**', 'release/**', 'test-output/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', 'build/scripts/*.mjs', '.ci/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltinPaths,
        patterns: [
          { group: ['**/electron/**', '**/renderer/**', 'electron', 'node:*'], message: 'shared/ is imported by both sides: it may import only zod and shared/.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: nodeBuiltinPaths,
        patterns: [
          { group: ['**/electron/**', 'electron', 'node:*'], message: 'The renderer reaches the core only through its api module (renderer/src/api).' },
        ],
      }],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/store/**/*.ts', 'electron/smartcall/**/*.ts', 'electron/platform/**/*.ts', 'electron/common/**/*.ts', 'electron/browser/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron: the core runs without it.' }],
        patterns: [
          { group: ['**/renderer/**', '**/electron/main/**', '**/electron/preload/**', '../main/**', '../preload/**', '../../renderer/**'], message: 'The core does not reach into a shell or the renderer.' },
        ],
      }],
    },
  },
  {
    files: ['electron/simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The simulator is a stand-in for Smartcall and runs without Electron.' }],
        patterns: [
          { group: ['**/renderer/**', '../main/**', '../preload/**', '../core/**', '../store/**', '../browser/**'], message: 'The simulator is a separate peer: it may share wire schemas (electron/smartcall/wire) and shared/, nothing of the till.' },
        ],
      }],
    },
  },
  {
    files: ['test/**/*.ts', 'build/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
