// Editor support: with VS Code's remark extension (unifiedjs.vscode-remark), entry front matter is checked against
// kompendium's JSON Schema while typing. `kompendium check` remains the authority (positions, cross-entry rules).
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkLintFrontmatterSchema from 'remark-lint-frontmatter-schema';

export default {
  plugins: [
    remarkFrontmatter,
    remarkGfm,
    [
      remarkLintFrontmatterSchema,
      { schemas: { './src/model/entry.schema.json': ['entries/**/*.md', 'tests/fixtures/edition/**/*.md'] } },
    ],
  ],
};
