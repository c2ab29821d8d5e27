import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readFileSync } from 'node:fs';

// Layers: a folder of src/ imports only the folders below it (layers.json), so a wrong import
// fails the lint instead of growing a cycle.
const { order } = JSON.parse(readFileSync(new URL('./layers.json', import.meta.url), 'utf8'));
const above = (i) => [...order.slice(i + 1), ...(order[i] === 'cli' ? [] : ['sandbox'])];
const layerRules = order.map((folder, i) => ({
  files: [`src/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { regex: `^(\\.\\./)+(${[...order, 'sandbox'].filter((f) => f !== folder).join('|')})/(?!index\\.ts$)`, message: 'Import another folder through its index.ts, its one public surface.' },
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
