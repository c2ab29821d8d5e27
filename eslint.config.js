import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readFileSync } from 'node:fs';

// Layers: a folder of src/ imports only the folders below it (layers.json), so a wrong import
// fails the lint instead of growing a cycle.
const { order, entries } = JSON.parse(readFileSync(new URL('./layers.json', import.meta.url), 'utf8'));
// index.ts, or a light entry layers.json names for that folder
const publicFile = (f) => ['index\\.ts', ...(entries[f] ?? []).map((e) => e.replace(/\./g, '\\.'))].join('|');
const above = (i) => [...order.slice(i + 1), ...(order[i] === 'cli' ? [] : ['sandbox'])];
const layerRules = order.map((folder, i) => ({
  files: [`src/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        ...[...order, 'sandbox'].filter((f) => f !== folder).map((f) => ({ regex: `^(\\.\\./)+${f}/(?!(${publicFile(f)})$)`, message: 'Import another folder through its index.ts, its public surface (or an entry layers.json names).' })),
        folder === 'domain'
          ? { regex: '^\\.\\./', message: 'src/domain imports nothing from the rest of the project.' }
          : { regex: `^(\\.\\./)+(${above(i).join('|')})/`, message: `src/${folder} may import only layers below it (layers.json): ${order.slice(0, i).join(', ') || 'none'}.` },
      ],
    }],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/', 'demo-out/', 'dist/', 'coverage/', 'evidence-store/', '.tmp/', '.spike/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layerRules,
);
