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

/**
 * What a box says to a screen reader: its state, as its alternative text, and for an empty box also as hidden
 * text on the page. The print shows only the outline and the X.
 */
export const boxStates = { ticked: 'angekreuzt', unticked: 'nicht angekreuzt' } as const;

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

/**
 * Whether the print sets a name label run-in: a label that names a Maßnahme has the title follow it on its line (all
 * but one card of the 2013 print); the other labels stand in a column of their own beside the title.
 */
export function labelRunsIn(label: string): boolean {
  return label.endsWith('Maßnahme:');
}

const warum: FormField = { key: 'warum', headings: ['Warum halten Sie diesen Ansatz für erfolgreich?'] };
const weiterfuehrend: FormField = {
  key: 'weiterfuehrende-hinweise',
  headings: [
    'Weiterführende Hinweise, die sich aus dem Projekt ergeben haben.',
    'Weiterführende Hinweise, die sich aus dem Projekt ergeben haben',
    'Weiterführende Hinweise resultierend aus der Umsetzung des Handlungsansatzes',
  ],
};
const ressourcen: FormField = {
  key: 'ressourcen',
  headings: [
    'Eingesetztes Mittelvolumen in Euro / Eingesetzte Personalkapazitäten / Qualifizierung Personal / Beratungsansatz',
    'Eingesetztes Mittelvolumen in Euro/ Eingesetzte Personalkapazitäten / Qualifizierung Personal / Beratungsansatz',
    'Mittelvolumen in Euro / Eingesetzte Personalkapazitäten / Qualifizierung Personal / Beratungsansatz',
  ],
};
const zielUndZielgruppe: FormField = {
  key: 'ziel-zielgruppe',
  headings: ['Ziel des Handlungsansatzes und Zielgruppe'],
};
const beschreibungMassnahme = 'Beschreibung der Maßnahme (Ziel der Maßnahme, Inhalte, Methoden, Beteiligte)';
const ergebnisseMassnahme =
  '(Evaluations-)Ergebnisse – Eingliederungsquoten und soweit vorhanden, z. B. Aussagen zu Integrationsfortschritten, zur Integration in Ausbildung oder Arbeit';

/**
 * The forms with every heading wording the 2013 print used (catalogue §3). Field order here is the printed order;
 * a card may leave optional fields out, and the print itself moved one field (card 8), so order is not enforced.
 */
export const cardForms: Readonly<Record<CardVariant, CardForm>> = {
  handlungsansatz: {
    variant: 'handlungsansatz',
    // Card 18 prints the Handlungsansatz fields under the Maßnahme label.
    labels: ['Name/Bezeichnung des Handlungsansatzes:', 'Name/Bezeichnung der Maßnahme:'],
    fields: [
      zielUndZielgruppe,
      { key: 'zeitraum', headings: ['Handlungszeitraum'] },
      ressourcen,
      {
        key: 'finanzierung',
        headings: [
          'Finanzierung',
          'Rechtsgrundlage und Finanzierung',
          'Rechtsgrundlagen und Finanzierung',
          'Finanzierung / Grundlagen',
        ],
      },
      { key: 'beschreibung', headings: ['Beschreibung des Handlungsansatzes (Ziel, Inhalte, Methoden, Beteiligte)'] },
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
      { key: 'zeitraum', headings: ['Maßnahmezeitraum (Laufzeit, Dauer in Wochenstunden)'] },
      { key: 'teilnehmerzahlen', headings: ['Teilnehmerzahlen'] },
      { key: 'volumen', headings: ['Maßnahmevolumen in Euro'] },
      { key: 'beschreibung', headings: [beschreibungMassnahme] },
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
          ergebnisseMassnahme,
          '(Evaluations-)Ergebnisse – Eingliederungsquoten und, soweit vorhanden, z. B. Aussagen zu Integrationsfortschritten, zur Integration in Ausbildung oder Arbeit',
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
      { key: 'beschreibung', headings: [beschreibungMassnahme] },
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
    labels: [
      'Name/Bezeichnung des Handlungsansatzes:',
      'Name/Bezeichnung des Projekts, Handlungsansatzes:',
      'Name/Bezeichnung der Maßnahme:',
    ],
    fields: [
      zielUndZielgruppe,
      {
        key: 'zeitraum',
        headings: [
          'Handlungszeitraum',
          'Handlungszeitraum/Dauer in Wochenstunden',
          'Handlungszeitraum/Maßnahmedauer',
          'Maßnahmezeitraum (Laufzeit)',
          'Maßnahmezeitraum (Laufzeit, Dauer in Wochenstunden)',
          'Handlungszeitraum (Laufzeit, Dauer in Wochenstunden)',
          'Handlungszeitraum (Laufzeit)/Maßnahmezeitraum',
        ],
      },
      ressourcen,
      {
        key: 'rechtsgrundlagen',
        headings: ['Rechtsgrundlagen / Finanzierung / Umsetzung', 'Rechtsgrundlagen und Finanzierung'],
      },
      {
        key: 'beschreibung',
        headings: [
          'Beschreibung des Handlungsansatzes (Ziel, Inhalte, Methoden, Beteiligte)',
          'Beschreibung der Maßnahme/ des Projektes (Ziel, Inhalte, Methoden, Beteiligte)',
          'Beschreibung der Maßnahme/des Projektes (Ziel, Inhalte, Methoden, Beteiligte)',
          'Beschreibung des Handlungsansatzes (Ziel der Maßnahme, Inhalte, Methoden, Beteiligte)',
          'Beschreibung der Maßnahme/des Projektes (Ziel der Maßnahme, Inhalte, Methoden, Beteiligte)',
          beschreibungMassnahme,
        ],
      },
      warum,
    ],
  },
};

/**
 * The checklists printed under "Warum halten Sie diesen Ansatz für erfolgreich? / Zum Beispiel mit Blick auf":
 * A on the Handlungsansatz form, B on the Maßnahme form. Some cards printed their own list (custom) or none.
 */
/**
 * What `kompendium new` writes where an editor still has to fill in a field; validation warns about every one left.
 */
export const placeholder = '[AUSFÜLLEN]';

export const checklistVariants = ['A', 'B', 'custom', 'none'] as const;
export type ChecklistVariant = (typeof checklistVariants)[number];

export const checklists: Readonly<Record<'A' | 'B', readonly string[]>> = {
  A: [
    'gute Integrationsergebnisse bzw. Erzielung von Integrationsfortschritten',
    'Vereinfachung der Vermittlungs- und Eingliederungsprozesse',
    'hohe Zufriedenheit bei der Zielgruppe',
    'Abbau von Vermittlungshemmnissen',
    'Einbeziehen von Netzwerkpartnern',
    'Sonstiges',
  ],
  B: [
    'gute Integrationsergebnisse, Erzielung von Integrationsfortschritten',
    'Abbau von Vermittlungshemmnissen',
    'Einbeziehung von Netzwerkpartnern',
    'hohe Teilnehmerzufriedenheit',
    'Sonstiges',
  ],
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
