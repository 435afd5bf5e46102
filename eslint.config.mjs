import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', '*.js', '*.mjs', 'console/dist/**', 'console/src/api/schema.d.ts', 'tests/browser/.output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The console runs in browsers: TypeScript (console/tsconfig.json, DOM types) already checks every name.
    files: ['console/**/*.ts', 'console/**/*.tsx'],
    rules: { 'no-undef': 'off' },
  },
  {
    // Workflow code is replayed: it must stay deterministic and free of I/O.
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'No Node built-ins in workflow or domain code.' },
            { group: ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'process', 'timers'], message: 'No Node built-ins in workflow or domain code.' },
            { group: ['pg', 'knex', 'express', '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '../activities/*', '../api/*', '../db/*'], message: 'No I/O in workflow or domain code (import activities type-only).', allowTypeImports: true },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' }, { name: 'setInterval', message: 'Not deterministic.' }, { name: 'process', message: 'No process access in workflow code.' }],
    },
  },
);
