/**
 * Composition: the templates from templates/ and styles from styles/ make one document; a broken template is
 * reported at its own file and line.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEdition } from '../../src/core/build.ts';
import { projectRoot } from '../../src/model/config.ts';
import { composeDocument } from '../../src/stages/4-compose/compose-document.ts';
import { renderMarkdown } from '../../src/stages/3-render/render-markdown.ts';

const fixture = path.join(projectRoot, 'tests/fixtures/edition');

async function renderedFixture(): Promise<ReturnType<typeof renderMarkdown>> {
  const { edition } = await checkEdition({ entriesDir: fixture, displayRoot: fixture });
  if (edition === undefined) throw new Error('fixture edition does not validate');
  return renderMarkdown(edition);
}

describe('composeDocument', () => {
  it('composes cover, both parts, every card and the index, and lists only project assets', async () => {
    const { document, files } = await composeDocument(await renderedFixture(), {
      templatesDir: path.join(projectRoot, 'templates'),
      stylesDir: path.join(projectRoot, 'styles'),
      displayRoot: projectRoot,
    });
    expect(files.flatMap((file) => file.messages)).toEqual([]);
    const html = document?.html ?? '';
    expect(html).toContain('<section class="cover">');
    expect(html.match(/<article class="card /g)).toHaveLength(3);
    expect(html).toContain('<span class="ix-locators" data-key="Fallmanagement!gesundheitsbezogenes"></span>');
    expect(html).toContain('<link rel="stylesheet" href="/styles/print.css">');
    for (const file of document?.assets.values() ?? []) {
      expect(file.startsWith(projectRoot), file).toBe(true);
    }
  });

  it('reports a template syntax error at the template file and line', async () => {
    const templatesDir = mkdtempSync(path.join(os.tmpdir(), 'kompendium-templates-'));
    cpSync(path.join(projectRoot, 'templates'), templatesDir, { recursive: true });
    const card = path.join(templatesDir, 'partials/card.hbs');
    writeFileSync(card, readFileSync(card, 'utf8').replace('{{title}}</h2>', '{{#if title}}</h2>'));
    const { document, files } = await composeDocument(await renderedFixture(), {
      templatesDir,
      stylesDir: path.join(projectRoot, 'styles'),
      displayRoot: templatesDir,
    });
    expect(document).toBeUndefined();
    const messages = files.flatMap((file) => file.messages.map(String));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^partials\/card\.hbs:\d+:1: The template could not be applied: Parse error on line \d+/,
    );
  });
});
