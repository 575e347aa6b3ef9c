/**
 * The one font of the print: Arimo (@fontsource/arimo, metric-compatible with the Arial of the 2013 print), in the
 * faces styles/fonts.css declares. Composition serves exactly these files, post-processing accepts exactly these
 * faces in the PDF, and validation accepts exactly the characters they have.
 */

/** The faces the print CSS uses, with the PostScript name Chromium embeds them under. */
export const arimoFaces = [
  { weight: '400', style: 'normal', postScriptName: 'Arimo-Regular' },
  { weight: '400', style: 'italic', postScriptName: 'Arimo-Italic' },
  { weight: '700', style: 'normal', postScriptName: 'Arimo-Bold' },
  { weight: '700', style: 'italic', postScriptName: 'Arimo-BoldItalic' },
] as const;

/** The unicode subsets of each face that styles/fonts.css declares. */
export const arimoSubsets = ['latin', 'latin-ext'] as const;

/** The font files of @fontsource/arimo (in its `files/` folder) that the document may load. */
export function arimoFileNames(): string[] {
  return arimoFaces.flatMap((face) =>
    arimoSubsets.map((subset) => `arimo-${subset}-${face.weight}-${face.style}.woff2`),
  );
}

/** Whether a font name in a PDF is an embedded Arimo face (a subset's tag, such as `AAAAAB+`, may stand before it). */
export function isArimoFace(name: string): boolean {
  const bare = name.replace(/^[A-Z]{6}\+/, '');
  return arimoFaces.some((face) => face.postScriptName === bare);
}

/**
 * What Arimo can print: the union of the `unicode-range`s of the faces styles/fonts.css declares (the Latin and
 * Latin Extended subsets of @fontsource/arimo). A test keeps this list equal to the stylesheet.
 */
export const arimoRanges: readonly (readonly [number, number])[] = [
  [0x0000, 0x00ff],
  [0x0100, 0x02ba],
  [0x02bb, 0x02bc],
  [0x02bd, 0x02c5],
  [0x02c6, 0x02c6],
  [0x02c7, 0x02cc],
  [0x02ce, 0x02d7],
  [0x02da, 0x02da],
  [0x02dc, 0x02dc],
  [0x02dd, 0x02ff],
  [0x0304, 0x0304],
  [0x0308, 0x0308],
  [0x0329, 0x0329],
  [0x0131, 0x0131],
  [0x0152, 0x0153],
  [0x1d00, 0x1dbf],
  [0x1e00, 0x1e9f],
  [0x1ef2, 0x1eff],
  [0x2000, 0x206f],
  [0x2020, 0x2020],
  [0x20a0, 0x20ab],
  [0x20ac, 0x20ac],
  [0x20ad, 0x20c0],
  [0x2113, 0x2113],
  [0x2122, 0x2122],
  [0x2191, 0x2191],
  [0x2193, 0x2193],
  [0x2212, 0x2212],
  [0x2215, 0x2215],
  [0x2c60, 0x2c7f],
  [0xa720, 0xa7ff],
  [0xfeff, 0xfeff],
  [0xfffd, 0xfffd],
];
