/**
 * `kompendium new card` and `kompendium new edition`: a correct skeleton to fill in (src/features/scaffold.ts), and
 * what to do next.
 */
import path from 'node:path';
import { exitCodes, RunError } from '../diagnostics/run-errors.ts';
import { newCard, newEdition } from '../features/scaffold.ts';
import { placeholder, type CardVariant } from '../model/forms.ts';
import { parseLand } from '../subset/select-subset.ts';

export interface NewCardOptions {
  variant: CardVariant;
  title: string;
  land?: string;
  entries: string;
}

export function runNewCard(options: NewCardOptions): number {
  const land = options.land === undefined ? undefined : parseLand(options.land);
  if (options.land !== undefined && land === undefined) {
    throw new RunError(`"${options.land}" is not a Land. Use a code (BY, DE-BY) or a name (Bayern)`);
  }
  const entriesDir = path.resolve(options.entries);
  const file = newCard({ entriesDir, variant: options.variant, land, title: options.title });
  process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
  process.stderr.write(`Fill in every "${placeholder}"; \`kompendium check\` lists the ones left.\n`);
  return exitCodes.ok;
}

export function runNewEdition(dir: string, options: { from: string; year: number }): number {
  try {
    newEdition({ from: path.resolve(options.from), to: path.resolve(dir), year: options.year });
  } catch (error) {
    // A folder that is not empty, or one that cannot be read or written: the user names other folders.
    throw error instanceof RunError ? error : new RunError(error instanceof Error ? error.message : String(error));
  }
  process.stdout.write(`${dir}\n`);
  process.stderr.write(
    `Fill in the survey round in ${path.join(dir, 'edition.md')}; \`kompendium check --entries ${dir}\` lists what is left.\n`,
  );
  return exitCodes.ok;
}
