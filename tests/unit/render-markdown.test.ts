/**
 * Markdown to HTML: fields split at their headings, raw HTML sanitised, index marks as anchors, boxes drawn.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEdition } from '../../src/core/build.ts';
import { parseEntryText } from '../../src/stages/1-load/load-entries.ts';
import { renderMarkdown } from '../../src/stages/3-render/render-markdown.ts';
import { validateEntries } from '../../src/stages/2-validate/validate-entries.ts';
import { VFile } from 'vfile';
import type { Edition } from '../../src/model/types.ts';
import { projectRoot } from '../helpers/cli.ts';

const fixture = path.join(projectRoot, 'tests/fixtures/edition');

async function fixtureEdition(): Promise<Edition> {
  const { edition } = await checkEdition({ entriesDir: fixture, displayRoot: fixture });
  if (edition === undefined) throw new Error('fixture edition does not validate');
  return edition;
}

function editionWithCardBody(body: string): Edition {
  const entries = [
    ['edition.md', '---\nkind: edition\ntitle: T\npublisher: P\nyear: 2013\n---\n'],
    ['register.md', '---\nkind: register\nterms:\n  - term: Alleinerziehende\n---\n'],
    [
      'card.md',
      `---\nkind: card\nid: c\nvariant: massnahme\nlabel: "Name/Bezeichnung der Maßnahme:"\ntitle: C\ntraeger:\n  type: gE\n---\n\n## Zielgruppe\n\n${body}\n`,
    ],
  ].map(([name, value]) => parseEntryText(new VFile({ path: name, value })));
  const { edition } = validateEntries(entries);
  if (edition === undefined) throw new Error(entries.flatMap((entry) => entry.file.messages.map(String)).join('\n'));
  return edition;
}

describe('renderMarkdown', () => {
  it('splits a card into its fields under the printed headings', async () => {
    const rendered = renderMarkdown(await fixtureEdition());
    const coaching = rendered.cards[0];
    expect(coaching?.fields.map((field) => field.key)).toEqual(['zielgruppe', 'volumen', 'beschreibung', 'warum']);
    expect(coaching?.fields[2]?.html).toContain('<table>');
    // Running text carries soft hyphens at its break points (pagination keeps the ones that end a line).
    const withoutBreakPoints = coaching?.fields[2]?.html.replaceAll('\u00ad', '');
    expect(withoutBreakPoints).toMatch(/<li>Stärken-\/ Schwächenanalyse\s*<ul>/);
    expect(coaching?.fields[2]?.html).toContain('Kom\u00admu\u00adni\u00adka\u00adti\u00adons\u00adtrai\u00adning');
  });

  it('turns index marks into empty anchors, listed in printed order and numbered within their entry', async () => {
    const rendered = renderMarkdown(await fixtureEdition());
    expect(rendered.marks[0]).toEqual({
      anchor: 'ix-grundsatz1-1',
      term: 'Fallmanagement',
      sub: 'beschäftigungsorientiertes',
    });
    const html = rendered.principles[0]?.html ?? '';
    expect(html).toContain(
      '<a id="ix-grundsatz1-1" class="ix-mark" data-term="Fallmanagement" data-sub="beschäftigungsorientiertes"></a>',
    );
    // A card's marks are numbered from 1 in every output that contains the card.
    const card = rendered.cards[0];
    expect(card?.fields.map((field) => field.html).join('')).toContain(`id="ix-${card?.entry.data.id ?? ''}-1"`);
    expect(html).not.toContain('\\index');
  });

  it('removes scripts, event handlers, styles and remote resources from raw HTML', () => {
    const rendered = renderMarkdown(
      editionWithCardBody(
        'Text <script>alert(1)</script><img src="https://example.org/x.png"> <b onclick="x()" style="color:red">fett</b>\n\n<iframe src="https://example.org"></iframe>',
      ),
    );
    const html = rendered.cards[0]?.fields[0]?.html ?? '';
    expect(html).toContain('<b>fett</b>');
    expect(html).not.toMatch(/script|img|onclick|style|iframe|example\.org/);
  });

  it('drops a <style> element with its CSS text, and every element whose content is code', () => {
    const rendered = renderMarkdown(
      editionWithCardBody(
        'Vorher\n\n<style>.card { color: red }</style>\n\n<template><p>verborgen</p></template><noscript>ohne Skript</noscript> Nachher',
      ),
    );
    const html = rendered.cards[0]?.fields[0]?.html ?? '';
    expect(html).toContain('Vorher');
    expect(html).toContain('Nachher');
    expect(html).not.toMatch(/color|red|verborgen|ohne Skript|style|template/);
  });

  it('prints the alt text of an image, Markdown or raw HTML, in its place', () => {
    const rendered = renderMarkdown(
      editionWithCardBody('Siehe ![Diagramm der Phasen](x.png) und <img src="y.png" alt="Foto des Teams"> hier.'),
    );
    const html = rendered.cards[0]?.fields[0]?.html ?? '';
    expect(html.replaceAll('\u00AD', '')).toContain('Diagramm der Phasen');
    expect(html).toContain('Foto des Teams');
    expect(html).not.toMatch(/<img|x\.png|y\.png/);
  });

  it('prints Handlebars syntax in entries literally', () => {
    const rendered = renderMarkdown(editionWithCardBody('Kosten: {{price}} und {{{raw}}}'));
    expect(rendered.cards[0]?.fields[0]?.html).toContain('{{price}} und {{{raw}}}');
  });

  it("prints a body's headings one level below the heading they sit under, however deep they were written", () => {
    // A field's heading is an h3: its body's shallowest heading is an h4 whether written as ### or #.
    for (const [body, expected] of [
      ['### A\n\ntext\n\n#### a', ['h4', 'h5']],
      // (## would open the card's next field.)
      ['# A\n\ntext', ['h4']],
    ] as const) {
      const html = renderMarkdown(editionWithCardBody(body)).cards[0]?.fields[0]?.html ?? '';
      expect(
        [...html.matchAll(/<(h\d)>/g)].map((match) => match[1]),
        body,
      ).toEqual(expected);
    }
  });

  it('draws task-list boxes, ticked with an X, each an image named by its state', () => {
    const rendered = renderMarkdown(editionWithCardBody('- [x] gute Integrationsergebnisse\n- [ ] Sonstiges'));
    const html = rendered.cards[0]?.fields[0]?.html ?? '';
    expect(html).toContain('<span class="box box-ticked" role="img" aria-label="angekreuzt">X</span>');
    expect(html).toContain('<span class="box" role="img" aria-label="nicht angekreuzt">\u00A0</span>');
    expect(html).not.toContain('<input');
  });
});
