import type { Department, Principal } from '@fupin/auth';
import type { ExclusionSource } from '@fupin/identification-rules';
import { DomainError } from '@fupin/service-kit';

/**
 * Which department's register each 四不列 source is (数据来源): only its officers may load or replace it.
 * The cross-check decides who is refused registration, so the poverty office itself, and every other
 * department, may read the loads but never write them.
 */
export const EXCLUSION_SOURCE_OWNERS: Readonly<Record<ExclusionSource, readonly Department[]>> = {
  vehicle: ['public_security'], // 公安 机动车登记
  commercial_housing: ['housing'], // 住建 商品房登记
  public_payroll: ['finance', 'human_resources'], // 财政 / 人社 财政供养人员
  business_registration: ['market_regulation'], // 市场监管 市场主体登记
};

const DEPARTMENT_NAMES: Readonly<Partial<Record<Department, string>>> = {
  public_security: '公安',
  housing: '住建',
  finance: '财政',
  human_resources: '人社',
  market_regulation: '市场监管',
};

/** 403 unless the caller is an officer of a department that owns the source. */
export function assertSourceOwner(principal: Principal, source: ExclusionSource): void {
  const owners = EXCLUSION_SOURCE_OWNERS[source];
  const j = principal.jurisdiction;
  if (j.kind === 'department' && owners.includes(j.department)) return;
  const zh = owners.map((d) => `${DEPARTMENT_NAMES[d] ?? d}（${d}）`).join('或');
  throw new DomainError(
    403,
    'exclusions.not_source_owner',
    {
      'zh-CN': `${source} 比对数据只能由${zh}部门上传`,
      en: `${source} data may only be loaded by the ${owners.join(' or ')} department`,
    },
    'source',
  );
}
