/** PDFs written by hand, in the form Chromium prints them, for tests of the stages that read such files. */
import { deflateSync } from 'node:zlib';

/** Assembles a PDF from object bodies (object n is `bodies[n - 1]`), with its cross-reference table. */
export function pdfOf(bodies: string[], trailer = ''): Uint8Array {
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(text.length);
    text += `${String(i + 1)} 0 obj\n${body}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${String(bodies.length + 1)}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<</Size ${String(bodies.length + 1)}\n/Root 1 0 R\n/Info 2 0 R${trailer}>>\nstartxref\n${String(xref)}\n%%EOF`;
  return Buffer.from(text, 'latin1');
}

/** A stream object's body: `dict` entries (without << >>) and `data`, deflated with /FlateDecode when `flate`. */
export function streamOf(dict: string, data: string, flate = true): string {
  const bytes = flate ? deflateSync(Buffer.from(data, 'latin1')) : Buffer.from(data, 'latin1');
  const filter = flate ? ' /Filter /FlateDecode' : '';
  return `<<${dict}${filter} /Length ${String(bytes.length)}>>\nstream\n${bytes.toString('latin1')}\nendstream`;
}

/**
 * Appends an incremental update, as post-processing does: new versions of objects (or new ones) by number, one
 * cross-reference subsection each, and a trailer whose /Prev names the section before.
 */
export function withUpdate(pdf: Uint8Array, objects: Record<number, string>, trailer = ''): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  const size = Number(/\/Size (\d+)/.exec(text.slice(text.lastIndexOf('trailer')))?.[1]);
  let update = '\n';
  const offsets: [number, number][] = [];
  for (const [number, body] of Object.entries(objects)) {
    offsets.push([Number(number), text.length + update.length]);
    update += `${number} 0 obj\n${body}\nendobj\n`;
  }
  const xref = text.length + update.length;
  update += 'xref\n0 1\n0000000000 65535 f \n';
  for (const [number, offset] of offsets)
    update += `${String(number)} 1\n${String(offset).padStart(10, '0')} 00000 n \n`;
  const newSize = Math.max(size, ...offsets.map(([number]) => number + 1));
  update += `trailer\n<</Size ${String(newSize)}\n/Root 1 0 R\n/Info 2 0 R\n/Prev ${String(prev)}${trailer}>>\nstartxref\n${String(xref)}\n%%EOF\n`;
  return Buffer.from(text + update, 'latin1');
}
