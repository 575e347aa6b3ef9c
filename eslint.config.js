// ESLint: typescript-eslint's strict type-checked rules (promise safety matters in a browser/fs pipeline),
// with formatting left to Prettier.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: false }],
    },
  },
  // The JavaScript sources (src/bin.js, the page scripts, the preview's client) are type-checked by tsc with JSDoc
  // (tsconfig.json, checkJs), which knows the page's globals: ESLint's own check of undefined names would only
  // repeat it without the types.
  { files: ['src/**/*.js'], rules: { 'no-undef': 'off' } },
  { files: ['eslint.config.js', '.remarkrc.mjs'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
