/**
 * Writes the README's table of diagnostic rules from the catalogue (src/diagnostics/rules.ts), between the lines
 * `<!-- rules:start -->` and `<!-- rules:end -->`, so the table is never kept by hand. Run: `npm run rules`.
 * tests/unit/rule-catalogue.test.ts fails when the README and the catalogue differ.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderRuleTable, ruleTableMarkers } from '../src/diagnostics/rules.ts';
import { writeReadmeBlock } from './readme-block.ts';

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeReadmeBlock(ruleTableMarkers, renderRuleTable());
}
