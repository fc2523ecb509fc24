import { Injectable } from '@nestjs/common';
import { type Principal, assertJurisdiction } from '@fupin/auth';
import { idNumberFor, readsFullIdNumbers } from './household-privacy';
import { type FoundHousehold, HouseholdSearchRepository } from './household-search.repository';
import {
  type HouseholdSearchQuery,
  type HouseholdSearchResult,
  type HouseholdSearchRow,
  searchTermOf,
} from './household-search.schema';

/** The division the reader's jurisdiction covers ('' for a department posted nowhere in particular: all). */
const ownScope = (principal: Principal): string =>
  principal.jurisdiction.kind === 'division'
    ? principal.jurisdiction.code
    : (principal.jurisdiction.divisionCode ?? '');

/**
 * The narrowest of the reader's division and those the query names (each checked: outside the jurisdiction → 403), or
 * null when they do not nest (two disjoint divisions: nothing can match).
 */
function scopeOf(principal: Principal, named: readonly { code: string; field: string }[]): string | null {
  for (const n of named) assertJurisdiction(principal, n.code, n.field);
  const codes = [ownScope(principal), ...named.map((n) => n.code)].sort((a, b) => a.length - b.length);
  const narrowest = codes[codes.length - 1];
  return codes.every((c) => narrowest.startsWith(c)) ? narrowest : null;
}

function row(principal: Principal, f: FoundHousehold): HouseholdSearchRow {
  const shown = idNumberFor(principal, f.villageCode);
  const matchedOther = f.matchedIdNumber !== null && f.matchedIdNumber !== f.headIdNumber;
  return {
    householdId: f.householdId,
    villageCode: f.villageCode,
    status: f.status,
    headName: f.headName,
    headIdNumber: f.headIdNumber === null ? null : shown(f.headIdNumber),
    memberCount: f.memberCount,
    matchedMember: matchedOther
      ? { name: f.matchedName ?? '', relation: f.matchedRelation ?? '', idNumber: shown(f.matchedIdNumber ?? '') }
      : null,
    idNumbersMasked: !readsFullIdNumbers(principal, f.villageCode),
  };
}

/** 一户一档 search: by member name (part of it), ID number (exact) or division, inside the reader's jurisdiction. */
@Injectable()
export class HouseholdSearchService {
  constructor(private readonly households: HouseholdSearchRepository) {}

  async search(principal: Principal, q: HouseholdSearchQuery): Promise<HouseholdSearchResult> {
    const { term, division } = searchTermOf(q.q);
    const named = [
      ...(q.village ? [{ code: q.village, field: 'village' }] : []),
      ...(division ? [{ code: division, field: 'q' }] : []),
    ];
    const scope = scopeOf(principal, named);
    if (scope === null) return { households: [], nextCursor: null };
    const [villageCode, householdId] = q.cursor?.split('.') ?? [];
    const found = await this.households.search({
      scope,
      term,
      after: q.cursor ? { villageCode, householdId } : null,
      limit: q.limit + 1,
    });
    const page = found.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      households: page.map((f) => row(principal, f)),
      nextCursor: found.length > q.limit ? `${last.villageCode}.${last.householdId}` : null,
    };
  }
}
