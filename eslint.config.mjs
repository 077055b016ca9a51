// Flat config. The import rules are DESIGN.md's layer contract, enforced here rather than by review:
// workflows/ and shared/ must stay deterministic and sandbox-safe.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ioPackages = ['dockerode', 'node-ssh', 'ssh2', '@kubernetes/client-node', 'axios', 'undici'];
const ioPatterns = ['@aws-sdk/*', '@kubernetes/*', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'];

const restrictedForDeterministicCode = (extraPatterns) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: [...nodeBuiltins, ...ioPackages].map((name) => ({
        name,
        message: 'workflows/ and shared/ must stay sandbox-safe: do I/O in activities/.',
      })),
      patterns: [
        { group: ioPatterns, message: 'workflows/ and shared/ must not import I/O clients.' },
        ...extraPatterns,
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tools/**', '.capstan/**', 'coverage/**', 'bin/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      ...restrictedForDeterministicCode([
        {
          group: ['**/activities/**', '**/activities'],
          allowTypeImports: true,
          message: 'workflows may import activities only as types (import type); call them via proxyActivities.',
        },
        { group: ['**/workers/**', '**/scripts/**'], message: 'workflows import only shared/.' },
      ]),
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      ...restrictedForDeterministicCode([
        {
          group: ['**/activities/**', '**/activities', '**/workflows/**', '**/workers/**', '**/scripts/**'],
          message: 'shared/ imports nothing of the other layers.',
        },
        { group: ['@temporalio/workflow'], message: 'shared/ is used outside workflows too; keep it SDK-free.' },
      ]),
    },
  },
  {
    files: ['activities/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/workflows/**', '**/workers/**', '**/scripts/**'], message: 'activities import only shared/.' }] },
      ],
    },
  },
);
