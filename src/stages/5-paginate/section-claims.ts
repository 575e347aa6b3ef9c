/**
 * Laid-out sections shared by the outputs of one run: a section that several outputs contain (a card in the
 * edition and in its Land's brochure) is laid out once. The first output that needs a section claims it before it
 * awaits anything; another output cutting at the same time then waits for that layout instead of starting its own.
 * A renderer that serves many builds (`build --watch`) starts each with `startBuild`: the layouts of the build
 * before stay at hand, older ones are let go, so that its memory does not grow with every save.
 */
import type { SectionLayout } from '../../page/page-api.ts';

/** A claimed section: its layout, once the output that claimed it has it (undefined when that layout failed). */
export type SettleClaim = (layout: SectionLayout | undefined) => void;

export class SectionClaims {
  #layouts = new Map<string, Promise<SectionLayout | undefined>>();
  /** The layouts of the build before this one. */
  #previous = new Map<string, Promise<SectionLayout | undefined>>();

  /** The layout of a section another output claimed (or laid out), by its key, or undefined when none did. */
  claimedElsewhere(key: string): Promise<SectionLayout | undefined> | undefined {
    const layout = this.#layouts.get(key) ?? this.#previous.get(key);
    if (layout !== undefined) this.#layouts.set(key, layout);
    return layout;
  }

  /** A new build: the last build's layouts stay reachable (none when `keepLast` is false: `--no-cache`). */
  startBuild(keepLast: boolean): void {
    this.#previous = keepLast ? this.#layouts : new Map<string, Promise<SectionLayout | undefined>>();
    this.#layouts = new Map();
  }

  /** Claims a section: outputs asking for it from now on wait until `settle` is called. */
  claim(key: string): SettleClaim {
    let settle: SettleClaim = () => undefined;
    this.#layouts.set(key, new Promise((resolve) => (settle = resolve)));
    return settle;
  }
}
