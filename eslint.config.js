import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'stream', 'url'];
const restrict = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  // Process boundaries from ARCHITECTURE.md, enforced rather than hoped for.
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      [
        'electron',
        ...nodeBuiltins,
        'typeorm',
        'better-sqlite3',
        'vue',
        'pinia',
        '**/src-main/**',
        '**/src-renderer/**',
      ],
      'shared/ is pure TypeScript: no Electron, Node, database or UI imports.',
    ),
  },
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      ['electron', ...nodeBuiltins, 'typeorm', 'better-sqlite3', '**/src-main/**', '**/src-server/**'],
      'The renderer reaches src-main only through src-renderer/api.',
    ),
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**', 'src-main/transports/**'],
    rules: restrict(['electron', 'electron/*'], 'Only src-main/electron and src-main/transports may import electron.'),
  },
  {
    files: ['src-server/**/*.ts'],
    rules: restrict(['electron', '**/src-main/**', '**/src-renderer/**'], 'The HQ server shares only shared/.'),
  },
  {
    files: ['scripts/**/*.mjs', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
