import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { onceForKey } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import { type Actor, countyOf } from '../actor';
import type { RelocationDb } from '../db';
import type { ResettlementSite } from '../generated/prisma/client';
import { siteRefusals } from './site.refusals';
import type { SiteInput, SiteRegistered, SiteView } from './site.schema';

type SiteRow = Pick<
  ResettlementSite,
  'code' | 'name' | 'townshipCode' | 'countyCode' | 'mode' | 'placement' | 'capacityHomes' | 'latitude' | 'longitude'
> & { homesAllocated: number };

const toView = (s: SiteRow): SiteView => ({
  code: s.code,
  name: s.name,
  townshipCode: s.townshipCode,
  countyCode: s.countyCode,
  mode: s.mode as SiteView['mode'],
  placement: s.placement as SiteView['placement'],
  capacityHomes: s.capacityHomes,
  homesAllocated: s.homesAllocated,
  homesFree: Math.max(0, s.capacityHomes - s.homesAllocated),
  gps: s.latitude === null || s.longitude === null ? null : { latitude: s.latitude, longitude: s.longitude },
});

/** Sites with the homes their cases hold: every case planned to the site that is not withdrawn. */
const SITES_WITH_HOMES = `
  SELECT s.code, s.name, s.township_code AS "townshipCode", s.county_code AS "countyCode", s.mode, s.placement,
         s.capacity_homes AS "capacityHomes", s.latitude, s.longitude,
         (SELECT count(*)::int FROM relocation_case c WHERE c.site_code = s.code AND c.status <> 'withdrawn') AS "homesAllocated"
    FROM resettlement_site s`;

/**
 * Resettlement sites (安置点): the only place their SQL lives. The homes allocated are counted from the cases every
 * time (SQL: a correlated count), never stored.
 */
@Injectable()
export class SiteRepository {
  constructor(@InjectDb() private readonly db: RelocationDb) {}

  /** A new site and its audit record, once per Idempotency-Key; a code already taken is refused (409). */
  register(input: SiteInput, actor: Actor, idempotencyKey: string) {
    return this.db.$transaction(async (tx) =>
      onceForKey<SiteRegistered>(tx, 'relocation.site.register', idempotencyKey, input, async () => {
        const inserted = await tx.$executeRawUnsafe(
          `INSERT INTO resettlement_site (code, name, township_code, county_code, mode, placement, capacity_homes, latitude, longitude, registered_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (code) DO NOTHING`,
          input.code,
          input.name,
          input.townshipCode,
          countyOf(input.townshipCode),
          input.mode,
          input.placement,
          input.capacityHomes,
          input.gps?.latitude ?? null,
          input.gps?.longitude ?? null,
          actor.subject,
        );
        if (inserted === 0) throw siteRefusals.codeTaken(input.code);
        await appendAudit(tx, {
          actorSubject: actor.subject,
          actorRole: actor.role,
          jurisdiction: actor.jurisdiction,
          action: 'relocation.site.register',
          subjectType: 'resettlement_site',
          subjectId: input.code,
          after: input,
          reason: 'resettlement site registered',
        });
        return { status: 201, body: { code: input.code } };
      }),
    );
  }

  async find(code: string): Promise<SiteView | null> {
    const rows = await this.db.$queryRawUnsafe<SiteRow[]>(`${SITES_WITH_HOMES} WHERE s.code = $1`, code);
    return rows[0] ? toView(rows[0]) : null;
  }

  async inCounty(countyCode: string): Promise<SiteView[]> {
    const rows = await this.db.$queryRawUnsafe<SiteRow[]>(
      `${SITES_WITH_HOMES} WHERE s.county_code = $1 ORDER BY s.code`,
      countyCode,
    );
    return rows.map(toView);
  }
}
