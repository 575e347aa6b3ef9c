/**
 * Section claims of a renderer that serves many builds (`build --watch`): a layout claimed in one build is found
 * in the next one, not in the one after it, and not at all after a build that must not reuse layouts.
 */
import { describe, expect, it } from 'vitest';
import type { SectionLayout } from '../../src/page/page-api.ts';
import { SectionClaims } from '../../src/stages/5-paginate/section-claims.ts';

const layout = { pages: [], overflows: [] } as unknown as SectionLayout;

describe('SectionClaims across builds', () => {
  it('keeps the last build’s layouts and lets older ones go', async () => {
    const claims = new SectionClaims();
    claims.claim('card-3 v1')(layout);
    claims.startBuild(true);
    expect(await claims.claimedElsewhere('card-3 v1')).toBe(layout);
    claims.claim('card-3 v2')(layout);
    claims.startBuild(true);
    // Both were claimed or used in the build before.
    expect(claims.claimedElsewhere('card-3 v2')).toBeDefined();
    claims.startBuild(true);
    claims.startBuild(true);
    expect(claims.claimedElsewhere('card-3 v1')).toBeUndefined();
    expect(claims.claimedElsewhere('card-3 v2')).toBeUndefined();
  });

  it('forgets everything before a build that reuses nothing (--no-cache)', () => {
    const claims = new SectionClaims();
    claims.claim('card-3 v1')(layout);
    claims.startBuild(false);
    expect(claims.claimedElsewhere('card-3 v1')).toBeUndefined();
  });
});
