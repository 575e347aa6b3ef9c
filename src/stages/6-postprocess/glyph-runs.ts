/**
 * Chromium shows every glyph on its own: `<0044> Tj 8.1511078 0 Td <0056> Tj …`, a text operator and a move per
 * glyph (221,000 of each in the 2013 edition, 6.3 MB of page content). Here each line's glyphs become one TJ
 * array, `[<0044> -0.0101 <0056> …] TJ`: every glyph where Chromium put it, its move written as the difference
 * between where the font's width would put it and where Chromium did (in thousandths of the font size, as TJ
 * counts). The page paints the same; the content is two thirds of the size (6.3 → 4.2 MB; Chromium's moves
 * differ from the widths by a fraction for most glyphs, so most keep a number), and every later step that reads
 * it (artifacts, line ends, the conformance check, a reader) reads fewer operators: 433,000 text operators → 9,600.
 *
 * A run of glyphs ends at any other operator. A move that is kept (the first after a run ended) is written from
 * where the line started, as the moves dropped before it had moved that start.
 */
import { replaceRanges, scanOperators, type ContentEdit } from '../../pdf/content-stream.ts';
import type { FontText } from '../../pdf/text-layer.ts';

/** One glyph shown by `<code> Tj`, with where its operator starts and ends. */
interface ShownGlyph {
  code: string;
  start: number;
  end: number;
}

/** A run being collected: its glyphs and, between each two, the move Chromium made (x, in text space). */
interface Run {
  glyphs: ShownGlyph[];
  moves: number[];
}

const singleGlyph = /^<([0-9A-Fa-f]{4})>\s*Tj$/;

/** The content with each run of single-glyph Tj operators written as one TJ; `fonts` by resource name. */
export function compactGlyphRuns(
  content: string,
  fonts: ReadonlyMap<string, FontText>,
): { content: string; runs: number } {
  const edits: ContentEdit[] = [];
  let font: { widths: NonNullable<FontText['widths']>; size: number } | undefined;
  let run: Run | undefined;
  // What the moves dropped into runs have moved the line's start by, since the last Tm or kept move.
  let dropped = 0;
  let pendingMove: { x: number; start: number; end: number } | undefined;
  let runs = 0;

  const closeRun = (): void => {
    // A lone glyph stays as it was: no move of it was dropped.
    if (run !== undefined && run.glyphs.length > 1 && font !== undefined) {
      edits.push(runEdit(run, font));
      runs++;
    }
    run = undefined;
  };
  const keepMove = (): void => {
    if (pendingMove === undefined) return;
    const x = pendingMove.x + dropped;
    if (dropped !== 0) edits.push({ start: pendingMove.start, end: pendingMove.end, text: `${numberText(x)} 0 Td` });
    dropped = 0;
    pendingMove = undefined;
  };

  scanOperators(content, (operator, operands, start, end) => {
    if (operator === 'Td' && operands.length === 2 && Number(operands[1]) === 0 && font !== undefined) {
      // A move along the line: kept back until it is known whether the next glyph joins the run.
      keepMove();
      pendingMove = { x: Number(operands[0]), start, end };
      return;
    }
    if (operator === 'Tj' && font !== undefined) {
      const code = singleGlyph.exec(content.slice(start, end))?.[1];
      if (code !== undefined) {
        if (run !== undefined && pendingMove !== undefined) {
          run.moves.push(pendingMove.x);
          run.glyphs.push({ code, start, end });
          // The move is dropped: it is inside the run's range and the run's TJ makes it.
          dropped += pendingMove.x;
          pendingMove = undefined;
          return;
        }
        closeRun();
        keepMove();
        run = { glyphs: [{ code, start, end }], moves: [] };
        return;
      }
    }
    closeRun();
    keepMove();
    if (operator === 'Tf') {
      const widths = fonts.get((operands.at(-2) ?? '').slice(1))?.widths;
      const size = Number(operands.at(-1));
      font = widths === undefined || !Number.isFinite(size) || size === 0 ? undefined : { widths, size };
    }
    if (operator === 'BT' || operator === 'ET' || operator === 'Tm') dropped = 0;
  });
  closeRun();
  keepMove();
  return { content: replaceRanges(content, edits), runs };
}

/** The run's glyphs as one TJ, each glyph's move given as its difference from the previous glyph's width. */
function runEdit(run: Run, font: { widths: NonNullable<FontText['widths']>; size: number }): ContentEdit {
  const parts: string[] = [];
  run.glyphs.forEach((glyph, i) => {
    if (i > 0) {
      const previous = run.glyphs[i - 1];
      const width = font.widths.of.get(parseInt(previous?.code ?? '0', 16)) ?? font.widths.default;
      const adjustment = width - ((run.moves[i - 1] ?? 0) * 1000) / font.size;
      const text = numberText(adjustment);
      if (text !== '0') parts.push(text);
    }
    parts.push(`<${glyph.code}>`);
  });
  const first = run.glyphs[0];
  const last = run.glyphs.at(-1);
  return { start: first?.start ?? 0, end: last?.end ?? 0, text: `[${parts.join(' ')}] TJ` };
}

/** A number with at most five decimals, as content streams write it. */
function numberText(value: number): string {
  const text = value.toFixed(5).replace(/\.?0+$/, '');
  return text === '-0' || text === '' ? '0' : text;
}
