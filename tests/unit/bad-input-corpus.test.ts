/**
 * The bad-input corpus: each way an editor can break an entry, with the diagnostic it must produce (file:line:column,
 * severity, rule). Every case starts from the fixture edition and changes one file. README, "Bad input", lists
 * what is covered.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEdition } from '../../src/core/build.ts';
import { formatDiagnostic } from '../../src/diagnostics/report.ts';
import { arimoRanges } from '../../src/model/fonts.ts';
import { copyFixtureEdition, projectRoot } from '../helpers/cli.ts';

const card = 'teil2/01-bg-coaching.md';
const register = 'register.md';

interface CorpusCase {
  name: string;
  file: string;
  /** Changes the file's text; or writes bytes. */
  change: (text: string) => string | Uint8Array;
  /** The diagnostic it must produce: `file:line:column  severity` and the rule. */
  expected: { at: string; severity: 'error' | 'warning'; rule: string; says?: string; alone?: true } | 'none';
}

const replace =
  (from: string, to: string) =>
  (text: string): string => {
    if (!text.includes(from)) throw new Error(`fixture does not contain ${from}`);
    return text.replace(from, to);
  };

const corpus: CorpusCase[] = [
  {
    name: 'YAML: unclosed bracket',
    file: card,
    change: replace('title: BG-Coaching', 'title: [BG-Coaching'),
    expected: { at: `${card}:7:1`, severity: 'error', rule: 'yaml-syntax' },
  },
  {
    name: 'YAML: tab indentation',
    file: card,
    change: replace('  type: gE', '\ttype: gE'),
    expected: { at: `${card}:10:1`, severity: 'error', rule: 'yaml-syntax', says: 'Indent with spaces' },
  },
  {
    name: 'YAML: duplicate key',
    file: card,
    change: replace('title: BG-Coaching', 'title: BG-Coaching\ntitle: Doppelt'),
    expected: { at: `${card}:7:1`, severity: 'error', rule: 'yaml-syntax', says: 'Remove one of the two' },
  },
  {
    name: 'YAML: an alias without its anchor',
    file: card,
    change: replace('title: BG-Coaching', 'title: *titel'),
    expected: { at: `${card}:6:8`, severity: 'error', rule: 'yaml-syntax', says: 'The alias *titel' },
  },
  {
    name: 'YAML: an alias bomb (billion laughs) is one error, never expanded',
    file: card,
    change: replace(
      'kind: card\n',
      `kind: card\na: &a [x, x, x, x, x, x, x, x, x]\n${Array.from(
        { length: 8 },
        (_, i) =>
          `${'bcdefghi'[i] ?? ''}: &${'bcdefghi'[i] ?? ''} [${Array(9)
            .fill(`*${'abcdefgh'[i] ?? ''}`)
            .join(', ')}]`,
      ).join('\n')}\n`,
    ),
    expected: { at: `${card}:4:8`, severity: 'error', rule: 'yaml-syntax', says: 'and 71 more aliases' },
  },
  {
    name: 'YAML: an alias of a defined anchor',
    file: card,
    change: replace('indexName: BG-Coaching', 'indexName: &name BG-Coaching\nsubtitle: *name'),
    expected: { at: `${card}:8:11`, severity: 'error', rule: 'yaml-syntax', says: 'Write the value out' },
  },
  {
    name: 'YAML: an alias in edition.md',
    file: 'edition.md',
    change: (t) => t.replace('kind: edition', 'kind: edition\nkeywords: &k [Jobcenter]\nerrata: *k'),
    expected: { at: 'edition.md:4:9', severity: 'error', rule: 'yaml-syntax', says: 'The alias *k' },
  },
  {
    name: 'missing required field',
    file: card,
    change: replace('title: BG-Coaching\n', ''),
    expected: { at: `${card}:2:1`, severity: 'error', rule: 'missing-field', says: '`title` is missing' },
  },
  {
    name: 'misspelled field',
    file: card,
    change: replace('indexName:', 'indexNmae:'),
    expected: { at: `${card}:7:1`, severity: 'error', rule: 'unknown-field', says: 'Did you mean "indexName"?' },
  },
  {
    name: 'mistyped field',
    file: 'teil1/01-personal.md',
    change: replace('number: 1', 'number: eins'),
    expected: { at: 'teil1/01-personal.md:3:9', severity: 'error', rule: 'invalid-field' },
  },
  {
    name: 'empty required field',
    file: card,
    change: replace('title: BG-Coaching', 'title: ""'),
    expected: { at: `${card}:6:8`, severity: 'error', rule: 'invalid-field', says: 'must not be empty' },
  },
  {
    name: 'unknown Land',
    file: card,
    change: replace('code: DE-BY', 'code: DE-BAY'),
    expected: { at: `${card}:13:11`, severity: 'error', rule: 'invalid-value', says: 'Did you mean "DE-BY"?' },
  },
  {
    name: 'a Land as the command line takes it (BY), where entries record DE-BY',
    file: card,
    change: replace('code: DE-BY', 'code: BY'),
    expected: { at: `${card}:13:11`, severity: 'error', rule: 'invalid-value', says: 'Did you mean "DE-BY"?' },
  },
  {
    name: 'a Land by its name',
    file: card,
    change: replace('code: DE-BY', 'code: Bayern'),
    expected: { at: `${card}:13:11`, severity: 'error', rule: 'invalid-value', says: 'Did you mean "DE-BY"?' },
  },
  {
    name: 'a year with a typo (letter O for zero): once, at its position, with the value',
    file: 'edition.md',
    change: replace('year: 2013', 'year: 2O13'),
    expected: { at: 'edition.md:6:7', severity: 'error', rule: 'invalid-field', says: '(it is "2O13")', alone: true },
  },
  {
    name: 'misspelled variant',
    file: card,
    change: replace('variant: massnahme', 'variant: masnahme'),
    expected: { at: `${card}:4:10`, severity: 'error', rule: 'invalid-value', says: 'Did you mean "massnahme"?' },
  },
  {
    name: 'unknown Träger type',
    file: card,
    change: replace('type: gE', 'type: ARGE'),
    expected: { at: `${card}:10:9`, severity: 'error', rule: 'invalid-value', says: 'gE, zkT, unknown' },
  },
  {
    name: 'unknown checklist variant',
    file: card,
    change: replace('checklist: custom', 'checklist: C'),
    expected: { at: `${card}:8:12`, severity: 'error', rule: 'invalid-value' },
  },
  {
    name: 'checklist item not as printed',
    file: card,
    change: (t) => replace('checklist: custom', 'checklist: B')(t),
    expected: {
      at: `${card}:48:1`,
      severity: 'error',
      rule: 'checklist-mismatch',
      says: 'Checklist B lacks its item "hohe Teilnehmerzufriedenheit"',
    },
  },
  {
    name: 'label of another form',
    file: card,
    change: replace('label: "Name/Bezeichnung der Maßnahme:"', 'label: "Name/Bezeichnung des Projekts:"'),
    expected: { at: `${card}:5:8`, severity: 'error', rule: 'invalid-label' },
  },
  {
    name: 'field heading not of the form',
    file: card,
    change: replace('## Zielgruppe', '## Zielgrupe'),
    expected: {
      at: `${card}:22:1`,
      severity: 'error',
      rule: 'unknown-field-heading',
      says: 'Did you mean "Zielgruppe"?',
    },
  },
  {
    name: 'duplicate card id',
    file: 'teil2/02-amiga.md',
    change: replace('id: amiga', 'id: bg-coaching'),
    expected: { at: 'teil2/02-amiga.md:3:5', severity: 'error', rule: 'duplicate-id' },
  },
  {
    name: 'unknown kind',
    file: 'teil1/01-personal.md',
    change: replace('kind: principle', 'kind: prinziple'),
    expected: {
      at: 'teil1/01-personal.md:2:7',
      severity: 'error',
      rule: 'unknown-kind',
      says: 'Did you mean "principle"?',
    },
  },
  {
    name: 'misspelled index mark',
    file: card,
    change: replace('\\index{Bedarfsgemeinschaft}', '\\index{Bedarfsgemeinschaften}'),
    expected: {
      at: `${card}:32:71`,
      severity: 'error',
      rule: 'unknown-index-term',
      says: 'Did you mean "Bedarfsgemeinschaft"?',
    },
  },
  {
    name: 'unknown index modifier',
    file: card,
    change: replace('\\index{Bedarfsgemeinschaft}', '\\index{Bedarfsgemeinschaft|bold}'),
    expected: { at: `${card}:32:71`, severity: 'error', rule: 'index-mark-syntax' },
  },
  {
    name: '"siehe" to a missing term',
    file: register,
    change: replace('see: BG-Coaching', 'see: BG Coaching'),
    expected: {
      at: `${register}:15:10`,
      severity: 'error',
      rule: 'missing-see-target',
      says: 'Did you mean "BG-Coaching"?',
    },
  },
  {
    name: 'register term never marked',
    file: register,
    change: replace('  - term: Netzwerkpartner', '  - term: Netzwerkpartner\n  - term: Mentoring'),
    expected: { at: `${register}:12:11`, severity: 'warning', rule: 'unmarked-term' },
  },
  {
    name: 'Latin-1 file from Windows',
    file: card,
    change: (t) => Uint8Array.from(Array.from(t, (c) => c.charCodeAt(0) & 0xff)),
    expected: {
      at: `${card}:5:1`,
      severity: 'error',
      rule: 'file-encoding',
      says: 'Latin-1/Windows-1252',
    },
  },
  {
    name: 'UTF-16 with a byte-order mark: one error, no cascade',
    file: card,
    change: (t) => Uint8Array.from(Buffer.from(`\uFEFF${t}`, 'utf16le')),
    expected: {
      at: `${card}:1:1`,
      severity: 'error',
      rule: 'file-encoding',
      says: 'UTF-16 (little-endian)',
      alone: true,
    },
  },
  {
    name: 'UTF-16 big-endian without a byte-order mark',
    file: card,
    change: (t) => Uint8Array.from(Buffer.from(t, 'utf16le').swap16()),
    expected: { at: `${card}:1:1`, severity: 'error', rule: 'file-encoding', says: 'UTF-16 (big-endian)', alone: true },
  },
  {
    name: 'invalid UTF-8 in the middle of a UTF-8 file: one error at the byte, no cascade',
    file: card,
    change: (t) => {
      const at = Buffer.from(t.slice(0, t.indexOf('des psychosozialen')));
      return Uint8Array.from(
        Buffer.concat([at, Buffer.from([0xff, 0xfe]), Buffer.from(t.slice(t.indexOf('des psychosozialen')))]),
      );
    },
    expected: {
      at: `${card}:37:11`,
      severity: 'error',
      rule: 'file-encoding',
      says: 'UTF-8 except for 2 characters',
      alone: true,
    },
  },
  {
    name: 'BOM and CRLF line ends are accepted',
    file: card,
    change: (t) => `\uFEFF${t.replace(/\n/g, '\r\n')}`,
    expected: 'none',
  },
  {
    name: 'no front matter',
    file: 'teil1/02-beratung.md',
    change: (t) => t.replace(/^---[\s\S]*?---\n/, ''),
    expected: { at: 'teil1/02-beratung.md:1:1', severity: 'error', rule: 'missing-front-matter' },
  },
  {
    name: 'Handlebars in an entry is text, not a template',
    file: card,
    change: replace('Kommunikationstraining', 'Kommunikationstraining {{#each cards}}{{/each}}'),
    expected: 'none',
  },
  {
    name: 'a character the font lacks',
    file: card,
    change: replace('Klärung des psychosozialen', 'Klärung ✓ des psychosozialen'),
    expected: { at: `${card}:37:11`, severity: 'error', rule: 'missing-glyph', says: 'U+2713' },
  },
  {
    name: 'a control character (BEL) in the text',
    file: card,
    change: replace('Klärung des psychosozialen', 'Klärung\u0007 des psychosozialen'),
    expected: { at: `${card}:37:10`, severity: 'error', rule: 'unprintable-character', says: 'U+0007 is a control' },
  },
  {
    name: 'a C1 control (U+0085) in the text',
    file: card,
    change: replace('Klärung des psychosozialen', 'Klärung des\u0085 psychosozialen'),
    expected: { at: `${card}:37:14`, severity: 'error', rule: 'unprintable-character', says: 'U+0085' },
  },
  {
    name: 'a right-to-left override (U+202E) in the text',
    file: card,
    change: replace('Klärung des psychosozialen', 'Klärung \u202Edes psychosozialen'),
    expected: { at: `${card}:37:11`, severity: 'error', rule: 'unprintable-character', says: 'reverses' },
  },
  {
    name: 'a bidi isolate (U+2067) in the text',
    file: card,
    change: replace('Klärung des psychosozialen', 'Klärung des \u2067psychosozialen'),
    expected: { at: `${card}:37:15`, severity: 'error', rule: 'unprintable-character', says: 'U+2067' },
  },
  {
    name: 'a zero-width space inside a word',
    file: card,
    change: replace('Klärung des psychosozialen', 'Klärung des psycho\u200Bsozialen'),
    expected: { at: `${card}:37:21`, severity: 'error', rule: 'unprintable-character', says: 'zero-width' },
  },
  {
    name: 'a zero-width joiner inside a word',
    file: card,
    change: replace('Klärung des psychosozialen', 'Klä\u200Drung des psychosozialen'),
    expected: { at: `${card}:37:6`, severity: 'error', rule: 'unprintable-character', says: 'U+200D' },
  },
  {
    name: 'a byte-order mark inside the text',
    file: card,
    change: replace('Klärung des psychosozialen', 'Klärung\uFEFF des psychosozialen'),
    expected: { at: `${card}:37:10`, severity: 'error', rule: 'unprintable-character', says: 'U+FEFF' },
  },
  {
    name: 'U+FFFD, text damaged in a conversion',
    file: card,
    change: replace('Klärung des psychosozialen', 'Kl\uFFFDrung des psychosozialen'),
    expected: { at: `${card}:37:5`, severity: 'error', rule: 'unprintable-character', says: 'damaged' },
  },
  {
    name: 'a Unicode line separator (U+2028)',
    file: card,
    change: replace('Klärung des psychosozialen', 'Klärung des\u2028psychosozialen'),
    expected: { at: `${card}:37:14`, severity: 'error', rule: 'unprintable-character', says: 'separator' },
  },
  {
    name: 'a bidi override in a front matter field',
    file: card,
    change: replace('title: BG-Coaching', 'title: BG-\u202ECoaching'),
    expected: { at: `${card}:6:8`, severity: 'error', rule: 'unprintable-character', says: 'U+202E' },
  },
  {
    name: 'a C1 control (U+0096, a Windows-1252 dash read wrongly) in a front matter field',
    file: card,
    change: replace('title: BG-Coaching', 'title: BG\u0096Coaching'),
    expected: { at: `${card}:6:8`, severity: 'error', rule: 'unprintable-character', says: 'U+0096' },
  },
  {
    name: 'a paragraph separator (U+2029) in a heading',
    file: card,
    change: replace('## Zielgruppe', '## Ziel\u2029gruppe'),
    expected: { at: `${card}:22:8`, severity: 'error', rule: 'unprintable-character', says: 'U+2029' },
  },
  {
    name: "a character in the font's ranges but not in its character map (U+2011)",
    file: card,
    change: replace('Klärung des psychosozialen', 'Klärung des psycho\u2011sozialen'),
    expected: { at: `${card}:37:21`, severity: 'error', rule: 'missing-glyph', says: 'U+2011' },
  },
  {
    name: 'a narrow no-break space (U+202F), which Arimo lacks',
    file: card,
    change: replace('Klärung des psychosozialen', 'Klärung d.\u202Fh. des psychosozialen'),
    expected: { at: `${card}:37:13`, severity: 'error', rule: 'missing-glyph', says: 'U+202F' },
  },
  {
    name: 'soft hyphen, zero-width non-joiner and word joiner are accepted',
    file: card,
    change: replace('Klärung des psychosozialen', 'Klä\u00ADrung des Auf\u200Clage psycho\u2060sozialen'),
    expected: 'none',
  },
  {
    name: 'a tab inside a paragraph is accepted',
    file: card,
    change: replace('Klärung des psychosozialen', 'Klärung des\tpsychosozialen'),
    expected: 'none',
  },
  {
    name: 'an entry of several MB',
    file: card,
    change: (t) => `${t}\n${'Ein sehr langer Absatz. '.repeat(60_000)}\n`,
    expected: { at: `${card}:1:1`, severity: 'error', rule: 'entry-too-large' },
  },
  {
    name: 'a list of 10,000 items',
    file: card,
    change: (t) => `${t}\n${Array.from({ length: 10_000 }, (_, i) => `- Punkt ${String(i)}`).join('\n')}\n`,
    expected: { at: `${card}:58:1`, severity: 'error', rule: 'list-too-long' },
  },
  {
    name: 'raw <script>',
    file: card,
    change: replace('Kommunikationstraining\n', 'Kommunikationstraining\n\n<script>alert(1)</script>\n'),
    expected: { at: `${card}:43:1`, severity: 'warning', rule: 'unsafe-html' },
  },
  {
    name: 'raw <iframe>',
    file: card,
    change: replace(
      'Kommunikationstraining\n',
      'Kommunikationstraining\n\n<iframe src="https://example.org"></iframe>\n',
    ),
    expected: { at: `${card}:43:1`, severity: 'warning', rule: 'unsafe-html' },
  },
  {
    name: 'event handler attribute',
    file: card,
    change: replace('Kommunikationstraining\n', 'Kommunikationstraining\n\n<b onclick="steal()">fett</b>\n'),
    expected: { at: `${card}:43:1`, severity: 'warning', rule: 'unsafe-html', says: 'event handler' },
  },
  {
    name: 'javascript: link',
    file: card,
    change: replace('Kommunikationstraining\n', 'Kommunikationstraining\n\n<a href="javascript:steal()">Link</a>\n'),
    expected: { at: `${card}:43:1`, severity: 'warning', rule: 'unsafe-html', says: 'javascript:' },
  },
  {
    name: 'remote image',
    file: card,
    change: replace('Kommunikationstraining\n', 'Kommunikationstraining\n\n<img src="https://example.org/x.png">\n'),
    expected: { at: `${card}:43:1`, severity: 'warning', rule: 'image-not-printed', says: 'An image without alt' },
  },
  {
    name: 'a Markdown image: its alt text prints instead, with a warning',
    file: card,
    change: replace('Kommunikationstraining\n', 'Kommunikationstraining\n\n![Diagramm der Phasen](phasen.png)\n'),
    expected: { at: `${card}:43:1`, severity: 'warning', rule: 'image-not-printed', says: '"Diagramm der Phasen"' },
  },
  {
    name: 'a Markdown image by reference',
    file: card,
    change: replace('Kommunikationstraining\n', 'Kommunikationstraining\n\n![Logo][l]\n\n[l]: logo.png\n'),
    expected: { at: `${card}:43:1`, severity: 'warning', rule: 'image-not-printed', says: '"Logo"' },
  },
  {
    name: 'a raw <img> with alt text',
    file: card,
    change: replace(
      'Kommunikationstraining\n',
      'Kommunikationstraining\n\n<img src="team.png" alt="Foto des Teams">\n',
    ),
    expected: { at: `${card}:43:1`, severity: 'warning', rule: 'image-not-printed', says: '"Foto des Teams"' },
  },
  {
    name: 'raw <style>: reported, and removed with its CSS',
    file: card,
    change: replace('Kommunikationstraining\n', 'Kommunikationstraining\n\n<style>.card { color: red }</style>\n'),
    expected: { at: `${card}:43:1`, severity: 'warning', rule: 'unsafe-html', says: 'not allowed' },
  },
  {
    name: 'raw <object>',
    file: card,
    change: replace('Kommunikationstraining\n', 'Kommunikationstraining\n\n<object data="x.pdf"></object>\n'),
    expected: { at: `${card}:43:1`, severity: 'warning', rule: 'unsafe-html', says: 'not allowed' },
  },
  {
    name: 'a style attribute',
    file: card,
    change: replace('Kommunikationstraining\n', 'Kommunikationstraining\n\n<span style="color:red">rot</span>\n'),
    expected: { at: `${card}:43:1`, severity: 'warning', rule: 'unsafe-html', says: 'style attribute' },
  },
  {
    name: 'raw <svg>: reported, removed with its text',
    file: card,
    change: replace('Kommunikationstraining\n', 'Kommunikationstraining\n\n<svg><text>Grafik</text></svg>\n'),
    expected: { at: `${card}:43:1`, severity: 'warning', rule: 'unsafe-html', says: 'not allowed' },
  },
  {
    name: 'raw <template>',
    file: card,
    change: replace('Kommunikationstraining\n', 'Kommunikationstraining\n\n<template><p>versteckt</p></template>\n'),
    expected: { at: `${card}:43:1`, severity: 'warning', rule: 'unsafe-html', says: 'not allowed' },
  },
  {
    name: 'a data: link',
    file: card,
    change: replace('Kommunikationstraining\n', 'Kommunikationstraining\n\n<a href="data:text/html,x">Link</a>\n'),
    expected: { at: `${card}:43:1`, severity: 'warning', rule: 'unsafe-html', says: 'data:' },
  },
  {
    name: 'file:// link',
    file: card,
    change: replace('Kommunikationstraining\n', 'Kommunikationstraining\n\n<a href="file:///etc/passwd">Datei</a>\n'),
    expected: { at: `${card}:43:1`, severity: 'warning', rule: 'unsafe-html', says: 'file:' },
  },
];

describe('the bad-input corpus', () => {
  it.each(corpus.map((c) => [c.name, c] as const))('%s', async (_, corpusCase) => {
    const dir = copyFixtureEdition();
    const entries = path.join(dir, 'entries');
    const file = path.join(entries, corpusCase.file);
    writeFileSync(file, corpusCase.change(readFileSync(file, 'utf8')));
    const { diagnostics } = await checkEdition({ entriesDir: entries, displayRoot: entries });
    const lines = diagnostics.map(formatDiagnostic);
    if (corpusCase.expected === 'none') {
      expect(lines).toEqual([]);
      return;
    }
    const { at, severity, rule, says, alone } = corpusCase.expected;
    if (alone === true) expect(lines).toHaveLength(1);
    const line = lines.find(
      (candidate) => candidate.startsWith(`${at}  ${severity}`) && candidate.endsWith(`  ${rule}`),
    );
    expect(line, lines.join('\n')).toBeDefined();
    if (says !== undefined) expect(line).toContain(says);
  });

  it('a link in entries/ that points outside is not read', async () => {
    const dir = copyFixtureEdition();
    const outside = path.join(mkdtempSync(path.join(os.tmpdir(), 'kompendium-outside-')), 'secret.md');
    writeFileSync(outside, '---\nkind: principle\nnumber: 3\ntitle: Geheim\n---\n\nGeheimer Text.\n');
    symlinkSync(outside, path.join(dir, 'entries/teil1/03-link.md'));
    const { diagnostics } = await checkEdition({
      entriesDir: path.join(dir, 'entries'),
      displayRoot: path.join(dir, 'entries'),
    });
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(
        /^teil1\/03-link\.md:1:1 {2}error {2}The entry is a link to a file outside .* {2}outside-link$/,
      ),
    ]);
  });

  it("reports a brochure's selection error in the same run as another brochure's schema error", async () => {
    const dir = copyFixtureEdition();
    writeFileSync(
      path.join(dir, 'entries/brochures.md'),
      [
        '---',
        'kind: brochures',
        'brochures:',
        '  - id: bayern',
        '    subtitle: Regionalausgabe Bayern',
        '    titel: falsch',
        '    select: { land: [BY] }',
        '  - id: hessen',
        '    subtitle: Regionalausgabe Hessen',
        '    select: { land: [HX] }',
        '---',
        '',
      ].join('\n'),
    );
    const { diagnostics } = await checkEdition({ entriesDir: path.join(dir, 'entries'), displayRoot: dir });
    expect(diagnostics.map((d) => `${d.file}:${String(d.line)}:${String(d.column)} ${d.rule}`)).toEqual([
      'entries/brochures.md:6:5 unknown-field',
      'entries/brochures.md:10:22 invalid-selection',
    ]);
  });

  it('a folder named like an entry (bilder.md/) is no entry, nor are the files in it', async () => {
    const dir = copyFixtureEdition();
    mkdirSync(path.join(dir, 'entries/teil2/bilder.md'));
    writeFileSync(path.join(dir, 'entries/teil2/bilder.md/phasen.png'), 'PNG');
    const { diagnostics } = await checkEdition({ entriesDir: path.join(dir, 'entries'), displayRoot: dir });
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it('a FIFO named x.md is not read (reading it would wait forever)', async () => {
    const dir = copyFixtureEdition();
    execFileSync('mkfifo', [path.join(dir, 'entries/teil2/04-pipe.md')]);
    const { diagnostics } = await checkEdition({ entriesDir: path.join(dir, 'entries'), displayRoot: dir });
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it('a file name with a newline gives a diagnostic on one line, the newline escaped', async () => {
    const dir = copyFixtureEdition();
    const text = readFileSync(path.join(dir, 'entries', card), 'utf8')
      .replace('id: bg-coaching', 'id: bg-zwei')
      .replace('title: BG-Coaching', 'title: [BG-Coaching');
    writeFileSync(path.join(dir, 'entries/teil2/04-neu\nzeile.md'), text);
    const { diagnostics } = await checkEdition({ entriesDir: path.join(dir, 'entries'), displayRoot: dir });
    const lines = diagnostics.map(formatDiagnostic);
    expect(lines).toEqual([
      expect.stringMatching(/^entries\/teil2\/04-neu\\nzeile\.md:7:1 {2}error .* {2}yaml-syntax$/),
    ]);
    expect(lines[0]).not.toContain('\n');
  });

  it('src/fonts.ts lists exactly the unicode ranges styles/fonts.css declares', () => {
    const css = readFileSync(path.join(projectRoot, 'styles/fonts.css'), 'utf8');
    const declared = new Set(
      [...css.matchAll(/unicode-range:\s*([^;]+);/g)].flatMap((m) =>
        (m[1] ?? '').split(',').map((range) => {
          const [first = '', last] = range.trim().replace(/^U\+/, '').split('-');
          return `${String(parseInt(first, 16))}-${String(parseInt(last ?? first, 16))}`;
        }),
      ),
    );
    expect(new Set(arimoRanges.map(([first, last]) => `${String(first)}-${String(last)}`))).toEqual(declared);
  });
});
