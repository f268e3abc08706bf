import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.carehooks/**',
      '.tmp/**',
      'bench/report.html',
      'packages/dashboard/test-output/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        // Each file is typed by its nearest tsconfig.json: packages/*/tsconfig.json for src,
        // packages/*/test/tsconfig.json for the tests. The vitest configs belong to none of them.
        projectService: { allowDefaultProject: ['vitest.config.ts', 'vitest.faults.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Not practical here: GraphQL results and JSON bodies are `any` by design (600+ reports, mostly tests).
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Async functions without await implement promise-returning interfaces (resolvers, hooks, stores).
      '@typescript-eslint/require-await': 'off',
      // `String(raw)` of unknown user input in error messages is intended.
      '@typescript-eslint/no-base-to-string': 'off',
      // Kysely's expression builder is meant to be destructured: `({ not, exists }) => ...`.
      '@typescript-eslint/unbound-method': 'off',
      // `StoredRow | unknown` documents what a parameter usually is.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // Style only; left for a pass after the server restructuring settles.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  // The dashboard's page runs in a browser.
  { files: ['packages/dashboard/src/**'], languageOptions: { globals: { ...globals.browser } } },
  // Plain JavaScript (bench scripts, the bin launcher, this file) stays untyped.
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
);
