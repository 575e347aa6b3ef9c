/**
 * Time spent per pipeline stage, summed over all outputs of a run (`kompendium build --timings`). One object is
 * passed down the run; nothing is global.
 */
export const stages = ['load', 'validate', 'render', 'compose', 'paginate', 'post-process', 'write'] as const;
export type Stage = (typeof stages)[number];

export class StageTimings {
  readonly seconds = new Map<Stage, number>(stages.map((stage) => [stage, 0]));

  /** Runs `work`, adding its duration to the stage. */
  async time<T>(stage: Stage, work: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.seconds.set(stage, (this.seconds.get(stage) ?? 0) + (performance.now() - started) / 1000);
    }
  }

  toJSON(): Record<Stage, number> {
    return Object.fromEntries([...this.seconds].map(([stage, s]) => [stage, Math.round(s * 1000) / 1000])) as Record<
      Stage,
      number
    >;
  }
}
