/**
 * Time spent per pipeline stage, summed over all outputs of a run (`kompendium build --timings`), with the
 * pagination stage broken down into its steps in the browser. One object is passed down the run; nothing is global.
 */
export const stages = ['load', 'validate', 'render', 'compose', 'paginate', 'post-process', 'verify', 'write'] as const;
export type Stage = (typeof stages)[number];

/**
 * The steps of pagination, as the page that prints takes them: getting a page that shows the document, cutting it
 * into sections, laying out the sections not known yet (in two pages at once for a long document), putting the
 * pages together (with sections laid out for other outputs, which it may wait for) and laying out the index, and
 * printing.
 */
export const paginationSteps = ['page', 'cut', 'layout', 'assemble', 'print'] as const;
export type PaginationStep = (typeof paginationSteps)[number];

/** Zero seconds for every pagination step. */
export function noPaginationTime(): Record<PaginationStep, number> {
  return Object.fromEntries(paginationSteps.map((step) => [step, 0])) as Record<PaginationStep, number>;
}

export class StageTimings {
  readonly seconds = new Map<Stage, number>(stages.map((stage) => [stage, 0]));
  readonly paginationSeconds = new Map<PaginationStep, number>(paginationSteps.map((step) => [step, 0]));

  /** Runs `work`, adding its duration to the stage. */
  async time<T>(stage: Stage, work: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.seconds.set(stage, (this.seconds.get(stage) ?? 0) + (performance.now() - started) / 1000);
    }
  }

  /** Adds one render's pagination steps. */
  addPaginationSteps(steps: Readonly<Record<PaginationStep, number>>): void {
    for (const step of paginationSteps) {
      this.paginationSeconds.set(step, (this.paginationSeconds.get(step) ?? 0) + steps[step]);
    }
  }

  /** Seconds per stage, then per pagination step (as `paginate: <step>`), rounded to milliseconds. */
  toJSON(): Record<string, number> {
    const round = (seconds: number): number => Math.round(seconds * 1000) / 1000;
    const entries: [string, number][] = [
      ...[...this.seconds].map(([stage, seconds]): [string, number] => [stage, round(seconds)]),
      ...[...this.paginationSeconds].map(([step, seconds]): [string, number] => [`paginate: ${step}`, round(seconds)]),
    ];
    return Object.fromEntries(entries);
  }
}
