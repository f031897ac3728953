// Flat ESLint config. The `no-restricted-imports` blocks enforce the process boundaries: only
// src-main/electron and src-preload may load Electron, renderers and the contract load no Node
// built-ins, and no layer reaches into a layer it must not know about.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];
const noNode = {
  group: ['node:*', ...nodeBuiltins],
  message:
    'This layer runs in a renderer or anywhere; it must not load Node built-ins.',
};
const noElectron = {
  group: ['electron', 'electron/*'],
  message:
    'Only src-main/electron and src-preload may load Electron, so the rest runs in plain Node.',
};
const layer = (name, why) => ({
  group: [`**/${name}/**`, `**/${name}`],
  message: why,
});

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      curly: ['error', 'all'],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noNode,
            noElectron,
            layer(
              'src-main',
              'Renderers talk to main through the bridge only.',
            ),
            layer('src-central', 'Renderers never load the central server.'),
            layer(
              'src-preload',
              'Renderers see the preload only as window.consoleBridge.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noNode,
            noElectron,
            layer(
              'src-main',
              'The contract is imported by every layer and imports none of them.',
            ),
            layer(
              'src-renderer',
              'The contract is imported by every layer and imports none of them.',
            ),
            layer(
              'src-central',
              'The contract is imported by every layer and imports none of them.',
            ),
            layer(
              'src-preload',
              'The contract is imported by every layer and imports none of them.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            layer(
              'src-renderer',
              'Main serves renderers through the bridge and never imports them.',
            ),
            layer('src-preload', 'Main never imports the preload.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer(
              'src-renderer',
              'Main serves renderers and never imports them.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src-central/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            layer(
              'src-main',
              'The central is a separate server and shares only the contract.',
            ),
            layer(
              'src-renderer',
              'The central is a separate server and shares only the contract.',
            ),
            layer(
              'src-preload',
              'The central is a separate server and shares only the contract.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src-node/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            layer(
              'src-main',
              'Shared Node utilities serve main and the central and import neither.',
            ),
            layer(
              'src-central',
              'Shared Node utilities serve main and the central and import neither.',
            ),
            layer(
              'src-renderer',
              'Shared Node utilities never load renderer code.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src-preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noNode,
            layer(
              'src-main',
              'The sandboxed preload may load only Electron and the contract.',
            ),
            layer(
              'src-renderer',
              'The sandboxed preload may load only Electron and the contract.',
            ),
            layer(
              'src-central',
              'The sandboxed preload may load only Electron and the contract.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**', 'bench/**'],
    ignores: ['tests/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              ...noElectron,
              message:
                'Plain-Node tests and benchmarks must not load Electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
