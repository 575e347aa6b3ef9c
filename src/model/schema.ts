/**
 * Front matter schemas, one per entry kind. The schema is the single source of the entry format: types come from
 * it (z.infer), `kompendium check` validates with it, and its JSON Schema export drives editor completion.
 */
import { z } from 'zod';
import { cardVariants, checklistVariants, traegerTypes } from './forms.ts';
import { landCodes } from './laender.ts';

const text = z.string().trim().min(1, 'must not be empty');

/** How a fact is known: printed in the report, or inferred by the editors (the 2013 print lost some ticks). */
const basis = z
  .enum(['stated', 'inferred'])
  .describe('"stated" when the report prints it, "inferred" when the editors derived it');

export const editionSchema = z
  .strictObject({
    kind: z.literal('edition'),
    title: text.describe('Report title as printed on the cover'),
    subtitle: text.optional(),
    publisher: text.describe('Publisher printed on the cover, e.g. "Bund-Länder-Ausschuss SGB II"'),
    year: z
      .number({ error: 'must be a four-digit year, such as 2013' })
      .int('must be a four-digit year, such as 2013')
      .min(2000, 'must be a year from 2000 to 2100')
      .max(2100, 'must be a year from 2000 to 2100'),
    surveyRound: text.optional().describe('Survey round the cards were collected in'),
    status: z
      .enum(['draft', 'final'])
      .optional()
      .describe('final: the edition goes to print; every warning (an [AUSFÜLLEN] left, say) stops its build'),
    date: z.iso
      .date()
      .optional()
      .describe(
        "Publication date (YYYY-MM-DD); the PDF's dates, so that builds are byte for byte reproducible. Default: 1 January of `year`",
      ),
    keywords: z.array(text).default([]).describe("Keywords for the PDF's metadata"),
    output: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a slug of lower-case letters, digits and single hyphens')
      .optional()
      .describe('File name of the PDF and page map in out/, without extension (default: edition-YEAR)'),
    language: z.string().default('de'),
    index: z
      .strictObject({
        collation: z
          .enum(['din-5007-1', 'din-5007-2'])
          .default('din-5007-1')
          .describe('German order: DIN 5007-1 (ä as a, dictionaries) or DIN 5007-2 (ä as ae, phone books)'),
        ranges: z
          .boolean()
          .default(false)
          .describe('Print three or more consecutive pages as a range, "8–10" instead of "8, 9, 10"'),
        emphasiseMain: z.boolean().default(false).describe("Print a project name's own card page in bold"),
        note: text
          .default(
            'Die Nummern hinter dem Stichwort geben die Seitenzahl an. In fett gesetzte Stichworte bezeichnen den Namen des jeweiligen Projekts/der jeweiligen Maßnahme.',
          )
          .describe('The explanatory sentence under the heading "Stichwortverzeichnis"'),
      })
      .prefault({})
      .describe('Settings of the Stichwortverzeichnis'),
    errata: z
      .array(
        z.strictObject({
          entry: text,
          original: text,
          corrected: text,
          note: text.optional(),
        }),
      )
      .default([])
      .describe('Corrections against the published wording, each recorded instead of changed silently'),
  })
  .describe('Edition metadata (entries/edition.md)');

export const partSchema = z
  .strictObject({
    kind: z.literal('part'),
    part: z.union([z.literal(1), z.literal(2)]).describe('1 for TEIL 1, 2 for TEIL 2'),
    heading: text.describe('The part heading as printed, e.g. "TEIL 1"'),
    title: text.describe('The title printed under the part heading'),
  })
  .describe('Opening of TEIL 1 or TEIL 2 with its introduction');

export const principleSchema = z
  .strictObject({
    kind: z.literal('principle'),
    number: z.number().int().min(1),
    title: text,
  })
  .describe('One of the numbered principles of TEIL 1');

const contactSchema = z
  .strictObject({
    persons: z.array(text).default([]).describe('Names printed after "Ansprechpartner:", one per printed line'),
    organisation: text
      .optional()
      .describe('Organisation line; printed after "Ansprechpartner:" when the card names no person'),
    emails: z.array(text).default([]).describe('Addresses printed after the email label, one per line'),
    emailLabel: z
      .enum(['Email:', 'E-Mail:', 'Email'])
      .default('Email:')
      .describe('The email label exactly as printed on this card'),
    phones: z.array(text).default([]).describe('Numbers printed after "Telefon:", one per line'),
  })
  .describe('The contact block under the title, exactly as printed');

export const cardSchema = z
  .strictObject({
    kind: z.literal('card'),
    id: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a slug of lower-case letters, digits and single hyphens')
      .describe('Stable id of the card (a slug); output names, page maps and diffs use it'),
    variant: z.enum(cardVariants).describe('Form variant of the card'),
    label: text.describe('The name label printed beside the title, e.g. "Name/Bezeichnung der Maßnahme:"'),
    title: text.describe('The title as printed'),
    indexName: text
      .optional()
      .describe(
        "Project name the index prints in bold, citing the card's first page; `Term!Sub` prints it as a sub-entry",
      ),
    traeger: z
      .strictObject({
        type: z.enum(traegerTypes),
        basis: basis.optional(),
        note: text.optional(),
      })
      .describe('Which box of the top line is ticked: gE, zkT, or unknown (no box ticked)'),
    land: z
      .array(
        z.strictObject({
          code: z.enum(landCodes),
          basis: basis.optional(),
          note: text.optional(),
        }),
      )
      .default([])
      .describe('Bundesländer as ISO 3166-2 codes (DE-BY …); empty for federal cards'),
    contact: contactSchema.optional(),
    checklist: z
      .enum(checklistVariants)
      .default('none')
      .describe(
        'Checklist under "Warum halten Sie diesen Ansatz für erfolgreich?": A (Handlungsansatz form), B (Maßnahme form), custom, or none',
      ),
  })
  .describe('One example card of TEIL 2');

const registerTermSchema = z.strictObject({
  term: text,
  sub: z.array(text).optional().describe('Sub-entries printed under the term'),
  see: text.optional().describe('"siehe" reference: the term to look up instead (the term then has no pages)'),
  seeAlso: z.array(text).optional().describe('"siehe auch" references: related terms, printed after the pages'),
});

export const registerSchema = z
  .strictObject({
    kind: z.literal('register'),
    terms: z.array(registerTermSchema).default([]),
  })
  .describe('The register of index terms (Stichwortverzeichnis)');

const selectionSchema = z
  .strictObject({
    land: z.array(text).optional().describe('Bundesländer: codes (BY, DE-BY) or names (Bayern)'),
    traeger: z.array(text).optional().describe('Träger types: gE, zkT'),
    terms: z.array(text).optional().describe('Index terms: every card that has one of them'),
    cards: z.array(text).optional().describe('Card ids'),
    variant: z.array(text).optional().describe('Form variants, e.g. bundesagentur'),
    teil1: z.boolean().optional().describe('false leaves TEIL 1 out (default: included)'),
  })
  .describe('Which cards the brochure holds: all filters must match, any value within a filter');

/** One named brochure; also checked on its own, so that one broken brochure does not hide the others' problems. */
export const brochureSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a slug of lower-case letters, digits and single hyphens')
    .describe('Output name and --brochure id'),
  title: text.optional().describe('Cover title (default: the edition title)'),
  subtitle: text.describe('Cover subtitle, e.g. "Regionalausgabe Bayern"'),
  select: selectionSchema,
});

export const brochuresSchema = z
  .strictObject({
    kind: z.literal('brochures'),
    brochures: z.array(brochureSchema),
  })
  .describe('Named regional brochures: subsets of the edition with their own cover, page numbers and index');

export const entryKinds = ['edition', 'part', 'principle', 'card', 'register', 'brochures'] as const;
export type EntryKind = (typeof entryKinds)[number];

export const frontMatterSchemas = {
  edition: editionSchema,
  part: partSchema,
  principle: principleSchema,
  card: cardSchema,
  register: registerSchema,
  brochures: brochuresSchema,
} as const;

export type EditionData = z.output<typeof editionSchema>;
export type PartData = z.output<typeof partSchema>;
export type PrincipleData = z.output<typeof principleSchema>;
export type CardData = z.output<typeof cardSchema>;
export type RegisterData = z.output<typeof registerSchema>;
export type RegisterTerm = z.output<typeof registerTermSchema>;
export type BrochuresData = z.output<typeof brochuresSchema>;
export type BrochureData = BrochuresData['brochures'][number];

/**
 * The front matter schema as JSON Schema (draft-07, which editors' YAML tooling supports), for completion and
 * checks while typing. One branch per `kind`, chosen with if/then so that an editor reports the problems of the
 * entry's own kind only. `src/model/entry.schema.json` holds it; a test keeps it equal to this.
 */
export function entryJsonSchema(): Record<string, unknown> {
  const definitions = Object.fromEntries(
    Object.entries(frontMatterSchemas).map(([kind, schema]) => {
      const json: Record<string, unknown> = { ...z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) };
      delete json.$schema;
      return [kind, json];
    }),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'kompendium entry front matter',
    type: 'object',
    required: ['kind'],
    properties: { kind: { enum: [...entryKinds], description: 'What the entry is' } },
    allOf: entryKinds.map((kind) => ({
      if: { properties: { kind: { const: kind } }, required: ['kind'] },
      then: { $ref: `#/definitions/${kind}` },
    })),
    definitions,
  };
}
