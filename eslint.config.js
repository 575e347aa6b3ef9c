// ESLint: typescript-eslint's strict type-checked rules (promise safety matters in a browser/fs pipeline),
// with formatting left to Prettier.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'src/page/*.js', 'src/preview/preview-client.js', 'src/bin.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: false }],
    },
  },
  { files: ['eslint.config.js', '.remarkrc.mjs'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
