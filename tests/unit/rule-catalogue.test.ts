/**
 * The catalogue of diagnostic rules (src/diagnostics/rules.ts) against the sources and the README. tsc already
 * refuses an unknown id wherever a `RuleId` is typed; this scan also covers the page and preview scripts and
 * untyped objects, finds rules that nothing reports any more, and keeps the README's table from going stale.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRuleId, renderRuleTable, ruleOf, rules, ruleTableMarkers } from '../../src/diagnostics/rules.ts';
import { blockText, readBlock } from '../../scripts/readme-block.ts';
import { projectRoot } from '../helpers/cli.ts';

const src = path.join(projectRoot, 'src');
const catalogue = path.join(src, 'diagnostics/rules.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.(ts|js)$/.test(entry.name) && file !== catalogue ? [file] : [];
  });
}

/**
 * Rule ids as the sources write them: `rule: 'id'` in objects, `rule: 'a' | 'b'` in types, and the index
 * checks' `report(entry, 'id', …)` (src/stages/2-validate/validate-register.ts).
 */
function ruleIdsIn(text: string): string[] {
  const properties = [...text.matchAll(/\brule:\s*((?:'[^']*'\s*\|?\s*)+)/g)].flatMap((match) =>
    [...(match[1] ?? '').matchAll(/'([^']*)'/g)].map((literal) => literal[1] ?? ''),
  );
  const reports = [...text.matchAll(/\breport\(\s*[\w.]+,\s*'([^']*)'/g)].map((match) => match[1] ?? '');
  return [...properties, ...reports];
}

/** Every id used in src/, with the files that use it. */
function usedRuleIds(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of sourceFiles(src)) {
    for (const id of ruleIdsIn(readFileSync(file, 'utf8'))) {
      used.set(id, [...(used.get(id) ?? []), path.relative(projectRoot, file)]);
    }
  }
  return used;
}

/** Objects that give a severity next to the rule (diagnostics made outside `addDiagnostic`, e.g. the preview's). */
function severitiesGiven(): { where: string; rule: string; severity: string }[] {
  return sourceFiles(src).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\{[^{}]*\}/g)].flatMap((object) => {
      const rule = /\brule:\s*'([^']*)'/.exec(object[0])?.[1];
      const severity = /\bseverity:\s*'([^']*)'/.exec(object[0])?.[1];
      if (rule === undefined || severity === undefined) return [];
      return [{ where: path.relative(projectRoot, file), rule, severity }];
    }),
  );
}

describe('the rule catalogue', () => {
  const used = usedRuleIds();

  it('finds rule ids in the sources (the scan still matches how they are written)', () => {
    expect(used.size).toBeGreaterThan(30);
  });

  it('declares every rule id used in src/', () => {
    const unknown = [...used].filter(([id]) => !isRuleId(id)).map(([id, files]) => `${id} (${files.join(', ')})`);
    expect(unknown, 'declare these rules in src/diagnostics/rules.ts').toEqual([]);
  });

  it('declares no rule that src/ never reports', () => {
    const unused = Object.keys(rules).filter((id) => !used.has(id));
    expect(unused, 'remove these rules from src/diagnostics/rules.ts, or report them').toEqual([]);
  });

  it('agrees with the severity given where a diagnostic is made by hand', () => {
    const given = severitiesGiven();
    expect(given.length).toBeGreaterThan(0);
    const disagreeing = given.filter(({ rule, severity }) => !isRuleId(rule) || ruleOf(rule).severity !== severity);
    expect(disagreeing).toEqual([]);
  });

  it('has one line of text without table pipes for what, why and fix', () => {
    const bad = Object.entries(rules).flatMap(([id, rule]) =>
      (['what', 'why', 'fix'] as const)
        .filter((key) => rule[key].trim() === '' || /[\n|]/.test(rule[key]))
        .map((key) => `${id}.${key}`),
    );
    expect(bad).toEqual([]);
  });

  it('is the table in the README', () => {
    const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    const inReadme = readBlock(readme, ruleTableMarkers);
    expect(inReadme, `README.md lacks ${ruleTableMarkers.start} … ${ruleTableMarkers.end}`).toBeDefined();
    expect(inReadme, "README.md's rule table differs from src/diagnostics/rules.ts: run `npm run rules`").toBe(
      blockText(renderRuleTable()),
    );
  });
});
