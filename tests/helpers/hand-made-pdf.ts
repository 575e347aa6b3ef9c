/** PDFs written by hand, in the form Chromium prints them, for tests of the stages that read such files. */

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
