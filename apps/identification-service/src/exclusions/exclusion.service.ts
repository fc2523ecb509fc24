import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { EXCLUSION_SOURCES, type ExclusionSource, isExclusionSource } from '@fupin/identification-rules';
import { DomainError, requireIdempotencyKey } from '@fupin/service-kit';
import { actorOf } from '../imports/import.service';
import { JobSubmitter } from '../imports/job-submit';
import { type Upload, uploadFileName } from '../imports/upload';
import { exclusionJobKind } from './exclusion-load';
import { assertSourceOwner } from './exclusion-owners';
import { ExclusionRepository } from './exclusion.repository';
import type { CadreRelativeInput } from './exclusion.schema';

function invalid(field: string, zh: string, en: string): DomainError {
  return new DomainError(
    400,
    'request.invalid_field',
    { 'zh-CN': `字段 ${field} 无效：${zh}`, en: `Field ${field} is invalid: ${en}` },
    field,
  );
}

function villageParam(code: string): string {
  if (!/^\d{12}$/.test(code)) throw invalid('villageCode', '须为12位村级代码', 'must be a 12-digit village code');
  return code;
}

function assertSource(source: unknown): asserts source is ExclusionSource {
  if (!isExclusionSource(source))
    throw invalid(
      'source',
      `须为 ${EXCLUSION_SOURCES.join('、')} 之一`,
      `must be one of ${EXCLUSION_SOURCES.join(', ')}`,
    );
}

/**
 * The county an exclusion load is for: a county approver's own county; a department officer's
 * `dept:<department>@<county>` jurisdiction, or `?county=` inside a wider department jurisdiction.
 */
function loadCounty(principal: Principal, query: unknown): string {
  const j = principal.jurisdiction;
  const asked = typeof query === 'string' && query !== '' ? query : undefined;
  if (asked !== undefined && !/^\d{6}$/.test(asked))
    throw invalid('county', '须为6位县级代码', 'must be a 6-digit county code');
  const own = j.kind === 'division' ? j.code : j.divisionCode;
  const county = asked ?? (own?.length === 6 ? own : undefined);
  if (!county)
    throw invalid('county', '请用 ?county= 指明数据所属的县', 'name the county the data is for with ?county=');
  assertJurisdiction(principal, county, 'county');
  return county;
}

/** 四不列: departments' data loads, the per-household cross-check, and the villages' cadre-relative lists. */
@Injectable()
export class ExclusionService {
  constructor(
    private readonly exclusions: ExclusionRepository,
    private readonly jobs: JobSubmitter,
  ) {}

  /** A department's file as an import job; `read` reads the upload once the caller is known to be allowed. */
  async load(principal: Principal, source: string, county: unknown, fileName: unknown, read: () => Promise<Upload>) {
    assertSource(source);
    assertSourceOwner(principal, source);
    const countyCode = loadCounty(principal, county);
    const upload = await read();
    return this.jobs.submit({
      kind: exclusionJobKind(source),
      countyCode,
      fileName: uploadFileName(fileName, upload),
      upload,
      actor: actorOf(principal),
    });
  }

  async batches(principal: Principal, county: unknown, source: unknown) {
    if (typeof county !== 'string' || !/^\d{6}$/.test(county))
      throw invalid('county', '须为6位县级代码', 'must be a 6-digit county code');
    if (source !== undefined) assertSource(source);
    assertJurisdiction(principal, county, 'county');
    const batches = await this.exclusions.batches({ countyCode: county, source, limit: 200 });
    return { county, batches };
  }

  /** 四不列比对 of one household now; inside the caller's jurisdiction (404 before 403, as the household decides). */
  async check(principal: Principal, householdId: string) {
    const result = await this.exclusions.check(householdId);
    assertJurisdiction(principal, result.villageCode);
    return result;
  }

  saveRelatives(principal: Principal, villageCode: string, items: CadreRelativeInput[], idempotencyKey?: string) {
    const village = villageParam(villageCode);
    assertJurisdiction(principal, village, 'villageCode');
    const key = requireIdempotencyKey(idempotencyKey);
    return this.exclusions.saveRelatives(village, key, items, actorOf(principal));
  }

  async relatives(principal: Principal, villageCode: string) {
    const village = villageParam(villageCode);
    assertJurisdiction(principal, village, 'villageCode');
    return { villageCode: village, relatives: await this.exclusions.relatives(village) };
  }
}
