/**
 * The JSON Schema for editors: equal to the one the zod schemas generate, and wired up through .remarkrc.mjs so
 * that the remark language server reports front matter problems while typing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified, type PluggableList } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { entryJsonSchema } from '../../src/model/schema.ts';
import { projectRoot } from '../helpers/cli.ts';

describe('src/model/entry.schema.json', () => {
  it('is up to date with the zod schemas (refresh it with `npm run schema`)', () => {
    const committed = JSON.parse(
      readFileSync(path.join(projectRoot, 'src/model/entry.schema.json'), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(entryJsonSchema());
  });

  it('reports a misspelled field and a wrong variant through the editor configuration', async () => {
    const config = (await import(path.join(projectRoot, '.remarkrc.mjs'))) as { default: { plugins: PluggableList } };
    const processor = unified().use(remarkParse).use(config.default.plugins).use(remarkStringify);
    const file = new VFile({
      path: path.join(projectRoot, 'entries/teil2/99-draft.md'),
      cwd: projectRoot,
      value: '---\nkind: card\nid: draft\nvariant: massnahm\nlabel: "x"\ntitel: Entwurf\ntraeger:\n  type: gE\n---\n',
    });
    await processor.process(file);
    const messages = file.messages.map((message) => message.reason).join('\n');
    expect(messages).toMatch(/titel|additional/i);
    expect(messages).toMatch(/massnahm|allowed values|enum/i);
  });
});
