/** `kompendium schema`: the JSON Schema of entry front matter, for editors (src/model/entry.schema.json holds it). */
import { exitCodes } from '../diagnostics/run-errors.ts';
import { entryJsonSchema } from '../model/schema.ts';

export function runSchema(): number {
  process.stdout.write(`${JSON.stringify(entryJsonSchema(), null, 2)}\n`);
  return exitCodes.ok;
}
