/**
 * Laid-out sections shared by the outputs of one run: a section that several outputs contain (a card in the
 * edition and in its Land's brochure) is laid out once. The first output that needs a section claims it before it
 * awaits anything; another output cutting at the same time then waits for that layout instead of starting its own.
 */
import type { SectionLayout } from '../../page/page-api.ts';

/** A claimed section: its layout, once the output that claimed it has it (undefined when that layout failed). */
export type SettleClaim = (layout: SectionLayout | undefined) => void;

export class SectionClaims {
  readonly #layouts = new Map<string, Promise<SectionLayout | undefined>>();

  /** The layout of a section another output claimed (or laid out), by its key, or undefined when none did. */
  claimedElsewhere(key: string): Promise<SectionLayout | undefined> | undefined {
    return this.#layouts.get(key);
  }

  /** Claims a section: outputs asking for it from now on wait until `settle` is called. */
  claim(key: string): SettleClaim {
    let settle: SettleClaim = () => undefined;
    this.#layouts.set(key, new Promise((resolve) => (settle = resolve)));
    return settle;
  }
}
