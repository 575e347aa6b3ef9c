/**
 * The printed forms of TEIL 2. A card is a filled-in form: its variant decides the name label beside the title,
 * which field headings may appear, and which checklist the "Warum halten Sie diesen Ansatz für erfolgreich?"
 * field prints. The headings are kept exactly as printed, because the edition reproduces a published report.
 */

/** The four form variants the 2013 report prints. */
export const cardVariants = ['handlungsansatz', 'massnahme', 'massnahme-kurz', 'bundesagentur'] as const;
export type CardVariant = (typeof cardVariants)[number];

/** The Träger types of the form's top line: gemeinsame Einrichtung (gE), zugelassener kommunaler Träger (zkT). */
export const traegerTypes = ['gE', 'zkT', 'unknown'] as const;
export type TraegerType = (typeof traegerTypes)[number];

/** Printed text of the two boxes on every card's top line, in print order. */
export const traegerBoxes: readonly {
  type: Exclude<TraegerType, 'unknown'>;
  label: string;
}[] = [
  { type: 'gE', label: 'Gemeinsame Einrichtung' },
  { type: 'zkT', label: 'Zugelassener kommunaler Träger' },
];

/** One field of a form: its permanent key and every heading wording the print used for it. */
export interface FormField {
  key: string;
  headings: readonly string[];
}

export interface CardForm {
  variant: CardVariant;
  /** Name labels the print used beside the title for this variant. */
  labels: readonly string[];
  fields: readonly FormField[];
}

const warum: FormField = {
  key: 'warum',
  headings: ['Warum halten Sie diesen Ansatz für erfolgreich?'],
};
const weiterfuehrend: FormField = {
  key: 'weiterfuehrende-hinweise',
  headings: [
    'Weiterführende Hinweise, die sich aus dem Projekt ergeben haben.',
    'Weiterführende Hinweise, die sich aus dem Projekt ergeben haben',
  ],
};

export const cardForms: Readonly<Record<CardVariant, CardForm>> = {
  handlungsansatz: {
    variant: 'handlungsansatz',
    labels: ['Name/Bezeichnung des Handlungsansatzes:'],
    fields: [
      {
        key: 'ziel-zielgruppe',
        headings: ['Ziel des Handlungsansatzes und Zielgruppe'],
      },
      { key: 'zeitraum', headings: ['Handlungszeitraum'] },
      {
        key: 'ressourcen',
        headings: [
          'Eingesetztes Mittelvolumen in Euro / Eingesetzte Personalkapazitäten / Qualifizierung Personal / Beratungsansatz',
        ],
      },
      {
        key: 'finanzierung',
        headings: ['Finanzierung', 'Rechtsgrundlage und Finanzierung', 'Rechtsgrundlagen und Finanzierung'],
      },
      {
        key: 'beschreibung',
        headings: ['Beschreibung des Handlungsansatzes (Ziel, Inhalte, Methoden, Beteiligte)'],
      },
      warum,
      {
        key: 'was-muesste-sich-aendern',
        headings: [
          'Was müsste sich - bezogen auf das von Ihnen beschriebene Vorgehen - an den Rahmenbedingungen verändern, um den Handlungsansatz noch zu verbessern? Bitte kurz erläutern.',
        ],
      },
      weiterfuehrend,
    ],
  },
  massnahme: {
    variant: 'massnahme',
    labels: ['Name/Bezeichnung der Maßnahme:'],
    fields: [
      { key: 'zielgruppe', headings: ['Zielgruppe'] },
      {
        key: 'zeitraum',
        headings: ['Maßnahmezeitraum (Laufzeit, Dauer in Wochenstunden)'],
      },
      { key: 'volumen', headings: ['Maßnahmevolumen in Euro'] },
      {
        key: 'beschreibung',
        headings: ['Beschreibung der Maßnahme (Ziel der Maßnahme, Inhalte, Methoden, Beteiligte)'],
      },
      {
        key: 'rechtsgrundlagen',
        headings: [
          'Rechtsgrundlagen/Finanzierung',
          'Rechtsgrundlagen/ Finanzierung',
          'Rechtsgrundlage',
          'Rechtsgrundlagen',
          'Rechtsgrundlagen und Finanzierung',
        ],
      },
      {
        key: 'umsetzungsart',
        headings: ['Umsetzungsart (Vergabemaßnahme, Projektförderung, Einzelfallförderung, Selbstvornahme)'],
      },
      {
        key: 'besonderheiten',
        headings: [
          'Besonderheiten (z. B. Beteiligung im Rahmen einer Kofinanzierung von Programmen Dritter, Einbindung von Mitteln / Leistungen Dritter, Kombination von Maßnahmen)',
        ],
      },
      {
        key: 'ergebnisse',
        headings: [
          '(Evaluations-)Ergebnisse – Eingliederungsquoten und soweit vorhanden, z. B. Aussagen zu Integrationsfortschritten, zur Integration in Ausbildung oder Arbeit',
        ],
      },
      warum,
      {
        key: 'was-muesste-sich-aendern',
        headings: [
          'Was müsste sich - bezogen auf die von Ihnen beschriebene Maßnahme - an den rechtlichen und fiskalpolitischen Rahmenbedingungen verändern, um das Konzept noch zu verbessern bzw. besser umsetzen zu können? Bitte kurz erläutern.',
        ],
      },
      weiterfuehrend,
    ],
  },
  'massnahme-kurz': {
    variant: 'massnahme-kurz',
    labels: ['Bezeichnung der Maßnahme:'],
    fields: [
      { key: 'zielgruppe', headings: ['Zielgruppe und Projektstruktur'] },
      { key: 'zeitraum', headings: ['Maßnahmestart/ Maßnahmezeitraum'] },
      { key: 'volumen', headings: ['Maßnahmevolumen in Euro'] },
      {
        key: 'beschreibung',
        headings: ['Beschreibung der Maßnahme (Ziel der Maßnahme, Inhalte, Methoden, Beteiligte)'],
      },
      {
        key: 'ergebnisse',
        headings: [
          'Evaluationsergebnisse (soweit vorhanden, z. B. Aussagen zu Integrationsfortschritten, zur Integration in Ausbildung oder Arbeit)',
        ],
      },
    ],
  },
  bundesagentur: {
    variant: 'bundesagentur',
    labels: ['Name/Bezeichnung des Handlungsansatzes:', 'Name/Bezeichnung der Maßnahme:'],
    fields: [
      {
        key: 'ziel-zielgruppe',
        headings: ['Ziel des Handlungsansatzes und Zielgruppe'],
      },
      {
        key: 'zeitraum',
        headings: ['Handlungszeitraum', 'Maßnahmezeitraum (Laufzeit)'],
      },
      {
        key: 'ressourcen',
        headings: [
          'Eingesetztes Mittelvolumen in Euro / Eingesetzte Personalkapazitäten / Qualifizierung Personal / Beratungsansatz',
        ],
      },
      {
        key: 'rechtsgrundlagen',
        headings: ['Rechtsgrundlagen / Finanzierung / Umsetzung', 'Rechtsgrundlagen und Finanzierung'],
      },
      {
        key: 'beschreibung',
        headings: [
          'Beschreibung des Handlungsansatzes (Ziel, Inhalte, Methoden, Beteiligte)',
          'Beschreibung der Maßnahme/des Projektes (Ziel der Maßnahme, Inhalte, Methoden, Beteiligte)',
        ],
      },
      warum,
    ],
  },
};

/** Finds the field a printed heading belongs to in a variant's form, or undefined. */
export function findFormField(variant: CardVariant, heading: string): FormField | undefined {
  const wanted = normaliseHeading(heading);
  return cardForms[variant].fields.find((field) => field.headings.some((h) => normaliseHeading(h) === wanted));
}

/** All headings a variant allows, for "did you mean" hints. */
export function allowedHeadings(variant: CardVariant): string[] {
  return cardForms[variant].fields.flatMap((field) => field.headings);
}

/** Headings are compared with runs of white space folded: the print broke long headings over lines. */
export function normaliseHeading(heading: string): string {
  return heading.replace(/\s+/g, ' ').trim();
}
