/**
 * Writes the README's table of diagnostic rules from the catalogue (src/diagnostics/rules.ts), between the lines
 * `<!-- rules:start -->` and `<!-- rules:end -->`, so the table is never kept by hand. Run: `npm run rules`.
 * tests/unit/rule-catalogue.test.ts fails when the README and the catalogue differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderRuleTable, ruleTableMarkers } from '../src/diagnostics/rules.ts';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));

/** The README with the generated table between the markers; both markers must be there already. */
export function withRuleTable(readme: string): string {
  const start = readme.indexOf(ruleTableMarkers.start);
  const end = readme.indexOf(ruleTableMarkers.end);
  if (start === -1 || end < start) {
    throw new Error(`README.md needs the lines ${ruleTableMarkers.start} and ${ruleTableMarkers.end}, in this order`);
  }
  return `${readme.slice(0, start + ruleTableMarkers.start.length)}\n\n${renderRuleTable()}\n\n${readme.slice(end)}`;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(readmePath, withRuleTable(readFileSync(readmePath, 'utf8')));
}
