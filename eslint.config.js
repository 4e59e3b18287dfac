// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';
import svelteConfig from './svelte.config.js';

/** Globals the consensus core must never touch: time, randomness and I/O come in as arguments. */
const impureGlobals = [
  'window',
  'self',
  'globalThis',
  'document',
  'navigator',
  'location',
  'indexedDB',
  'localStorage',
  'sessionStorage',
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'clearInterval',
  'setImmediate',
  'queueMicrotask',
  'requestAnimationFrame',
  'performance',
  'crypto',
  'fetch',
  'WebSocket',
  'Worker',
  'BroadcastChannel',
  'RTCPeerConnection',
  'process',
  'Buffer',
  'require',
  'console',
].map((name) => ({ name, message: 'src/core is pure: pass this in as an argument or a port.' }));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'test-results/',
      'playwright-report/',
      'src/mining/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        // The same for .ts and .svelte, so typescript-eslint's single project service serves both.
        extraFileExtensions: ['.svelte'],
      },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // Svelte components are linted with the same type-checked rules as .ts: their script runs
    // through typescript-eslint's parser with the project's tsconfig. That parser sees an
    // imported component as `any`, so callbacks handed to child components type their
    // parameters themselves.
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, svelteConfig } },
  },
  {
    files: ['*.js', '*.cjs', '*.config.*'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': ['error', ...impureGlobals],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'src/core takes time as an argument.' },
        {
          object: 'Math',
          property: 'random',
          message: 'src/core takes randomness as an argument.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date']",
          message: 'src/core takes time as an argument.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.{1,2}/|@noble/)',
              message: 'src/core imports only itself and @noble/*.',
            },
            {
              regex: '(^|/)(node|net|store|ui|mining|workers|signaling)(/|$)',
              message: 'src/core must not import the layers above it.',
            },
          ],
        },
      ],
    },
  },
);
