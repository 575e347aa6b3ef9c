/**
 * Printed locators: each page once and ascending, explicit ranges, optional compression of runs, main pages.
 */
import { describe, expect, it } from 'vitest';
import { formatLocators, locatorText } from '../../src/index/locators.ts';

const printed = (
  pages: number[],
  options: { ranges?: [number, number][]; main?: number[]; compress?: boolean } = {},
): string =>
  formatLocators({ pages, mainPages: options.main ?? [], ranges: options.ranges ?? [] }, options.compress ?? false)
    .map(locatorText)
    .join(', ');

describe('formatLocators', () => {
  it('prints each page once, ascending', () => {
    expect(printed([12, 8, 12, 9, 10])).toBe('8, 9, 10, 12');
  });

  it('prints three or more consecutive pages as a range when the edition asks for ranges', () => {
    expect(printed([8, 9, 10, 12, 13], { compress: true })).toBe('8–10, 12, 13');
  });

  it('prints an explicit range mark as a range, absorbing single pages inside it', () => {
    expect(printed([3, 13], { ranges: [[12, 14]] })).toBe('3, 12–14');
  });

  it('keeps a main locator single and flags it', () => {
    const locators = formatLocators({ pages: [8, 10], mainPages: [9], ranges: [] }, true);
    expect(locators).toEqual([
      { first: 8, last: 8, main: false },
      { first: 9, last: 9, main: true },
      { first: 10, last: 10, main: false },
    ]);
  });
});
