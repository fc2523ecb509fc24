import {
  ASSISTANCE_CATEGORY_LABELS,
  HEALTH_STATUS_LABELS,
  LABOUR_ABILITY_LABELS,
  POVERTY_CAUSES,
  POVERTY_CAUSE_LABELS,
  type AssistanceCategory,
  type PovertyCause,
} from '@fupin/identification-rules';
import { assistanceCategoryOf, povertyCausesOf } from './causes';
import { csvLine, csvText } from './csv';
import { birthDateOf } from './dates';
import {
  educationOf,
  healthOf,
  HOUSEHOLD_SIZE_WEIGHTS,
  labourOf,
  membersOf,
  mobileNumber,
  type Member,
} from './household';
import { ethnicityWeights, personName, SURNAMES } from './names';
import { draws, type Draws, prng, spread, type Weighted } from './random';
import { residentIdIssuer, type ResidentIdIssuer } from './resident-id';

/**
 * A synthetic county roster (花名册) for benchmarks and demos, deterministic from `seed`: valid resident ID
 * numbers (county prefix, birth date, sex digit, MOD 11-2 check digit), birth dates agreeing with them,
 * believable households (head, spouse, children, an elderly parent), poverty causes distributed like the
 * national register (about 42 % illness, then disability, lack of funds, skills, labour, schooling …),
 * Chinese headers and labels as a county office's Excel template has them.
 */
export interface RosterGeneratorOptions {
  /** 6-digit county code, also the first 6 digits of every ID number. */
  county: string;
  townships?: number;
  villages?: number;
  households?: number;
  people?: number;
  seed?: number;
  /** Year the ages are counted from (default 2026); birth dates stay before `${referenceYear}-01-01`. */
  referenceYear?: number;
  /** `zh` (default) writes the template's Chinese headers and labels; `en` snake_case headers and codes. */
  language?: 'zh' | 'en';
}

export interface GeneratedRoster {
  csv: string;
  countyCode: string;
  townships: { code: string; name: string }[];
  villages: { code: string; name: string; townshipCode: string }[];
  households: number;
  people: number;
  mainCauses: Record<PovertyCause, number>;
  /** The divisions as rows for the division table (county, townships, villages). */
  divisions: { code: string; name: string; level: 'county' | 'township' | 'village'; parentCode: string | null }[];
}

const ROSTER_HEADERS = {
  zh: [
    ...['户编号', '村代码', '身份证号', '姓名', '性别', '出生日期', '与户主关系', '民族', '文化程度', '在校生状况'],
    ...['健康状况', '劳动能力', '是否参加基本医疗保险', '是否参加基本养老保险', '联系电话'],
    ...['主要致贫原因', '其他致贫原因', '帮扶类别'],
  ],
  en: [
    ...['household_key', 'village_code', 'id_number', 'name', 'sex', 'birth_date', 'relation', 'ethnicity'],
    ...['education', 'student_status', 'health', 'labour_ability', 'basic_medical_insured', 'pension_insured'],
    ...['phone', 'main_cause', 'other_causes', 'assistance_category'],
  ],
};

/** Share of members with basic medical insurance (基本医疗保险) in the roster's years. */
const MEDICAL_INSURED_SHARE = 0.97;
/** Share of members from 16 with basic pension insurance (基本养老保险). */
const PENSION_INSURED_SHARE = 0.85;

export function generateRosterCsv(options: RosterGeneratorOptions): GeneratedRoster {
  const sizes = rosterSizes(options);
  const county = options.county;
  const d = draws(prng(options.seed ?? 1));
  const { townships, villages } = countyDivisions(county, sizes.townships, sizes.villages);
  const counts = spread(sizes.households, villages.length, d);
  const householdSizes = fitSizes(sizes.households, sizes.people, d);
  const ctx: RosterContext = {
    d,
    zh: (options.language ?? 'zh') === 'zh',
    ageOn: { year: (options.referenceYear ?? 2026) - 1, month: 12, day: 31 },
    issue: residentIdIssuer(county),
    ethnicities: ethnicityWeights(county.slice(0, 2)),
  };
  const lines: string[] = [csvLine(ctx.zh ? ROSTER_HEADERS.zh : ROSTER_HEADERS.en)];
  const mainCauses = Object.fromEntries(POVERTY_CAUSES.map((c) => [c, 0])) as Record<PovertyCause, number>;
  let h = 0;
  villages.forEach((village, v) => {
    for (let k = 0; k < counts[v]; k++, h++) {
      const key = `${village.code}${String(k + 1).padStart(4, '0')}`;
      const household = rosterHousehold(householdSizes[h], ctx);
      mainCauses[household.mainCause]++;
      lines.push(...householdLines(household, key, village.code, ctx));
    }
  });
  return {
    csv: csvText(lines),
    countyCode: county,
    townships,
    villages,
    households: sizes.households,
    people: sizes.people,
    mainCauses,
    divisions: [
      { code: county, name: `${county}县`, level: 'county', parentCode: county.slice(0, 4) },
      ...townships.map((t) => ({ code: t.code, name: t.name, level: 'township' as const, parentCode: county })),
      ...villages.map((v) => ({ code: v.code, name: v.name, level: 'village' as const, parentCode: v.townshipCode })),
    ],
  };
}

/** The sizes asked for, defaulting to the benchmark county (15 townships, 98 villages, 10,750 households, 34,677 people). */
function rosterSizes(options: RosterGeneratorOptions) {
  if (!/^\d{6}$/.test(options.county)) throw new RangeError('county must be a 6-digit code');
  const s = {
    townships: options.townships ?? 15,
    villages: options.villages ?? 98,
    households: options.households ?? 10_750,
    people: options.people ?? 34_677,
  };
  if (s.villages < s.townships || s.households < s.villages || s.people < s.households || s.people > s.households * 8)
    throw new RangeError('inconsistent sizes');
  return s;
}

/** Townships 101, 102 … of the county, villages 201, 202 … dealt round them. */
function countyDivisions(county: string, nTownships: number, nVillages: number) {
  const townships = Array.from({ length: nTownships }, (_, t) => ({
    code: `${county}${String(101 + t).padStart(3, '0')}`,
    name: `第${t + 1}镇`,
  }));
  const villages = Array.from({ length: nVillages }, (_, v) => {
    const township = townships[v % nTownships];
    const index = Math.floor(v / nTownships);
    return {
      code: `${township.code}${String(201 + index).padStart(3, '0')}`,
      name: `${township.name}${index + 1}村`,
      townshipCode: township.code,
    };
  });
  return { townships, villages };
}

/** Household sizes drawn like the register's, then nudged one person at a time (1–8) to sum to exactly `people`. */
function fitSizes(households: number, people: number, d: Draws): number[] {
  const sizes = Array.from({ length: households }, () => d.weighted(HOUSEHOLD_SIZE_WEIGHTS));
  for (let diff = people - sizes.reduce((a, b) => a + b, 0); diff !== 0;) {
    const i = d.int(0, households - 1);
    if (diff > 0 && sizes[i] < 8) {
      sizes[i]++;
      diff--;
    } else if (diff < 0 && sizes[i] > 1) {
      sizes[i]--;
      diff++;
    }
  }
  return sizes;
}

interface RosterContext {
  d: Draws;
  zh: boolean;
  /** The day members' ages are counted on (the last day before the reference year). */
  ageOn: { year: number; month: number; day: number };
  issue: ResidentIdIssuer;
  ethnicities: Weighted<string>;
}

interface RosterHousehold {
  mainCause: PovertyCause;
  otherCauses: PovertyCause[];
  surname: string;
  members: Member[];
  /** The member ill (illness among the causes), the member disabled (disability among them), else -1. */
  sickIndex: number;
  disabledIndex: number;
  ethnicity: string;
  category: AssistanceCategory;
}

function rosterHousehold(size: number, { d, ethnicities }: RosterContext): RosterHousehold {
  const { mainCause, otherCauses } = povertyCausesOf(d);
  const surname = d.pick(SURNAMES);
  const members = membersOf(size, d);
  const carried = (c: PovertyCause) => mainCause === c || otherCauses.includes(c);
  const sickIndex = carried('illness') ? d.int(0, members.length - 1) : -1;
  const disabledIndex = carried('disability') ? d.int(0, members.length - 1) : -1;
  const ethnicity = d.weighted(ethnicities);
  const category = assistanceCategoryOf(members, d);
  return { mainCause, otherCauses, surname, members, sickIndex, disabledIndex, ethnicity, category };
}

/** The household's rows: one per member, the head's carrying phone, causes and assistance category. */
function householdLines(h: RosterHousehold, key: string, villageCode: string, ctx: RosterContext): string[] {
  const { d, zh } = ctx;
  const yes = (b: boolean) => (zh ? (b ? '是' : '否') : String(b));
  const causeText = (c: PovertyCause) => (zh ? POVERTY_CAUSE_LABELS[c]['zh-CN'] : c);
  return h.members.map((m, i) => {
    const issued = ctx.issue(birthDateOf(m.age, ctx.ageOn, d), m.sex);
    const name = personName(m.relation, m.sex, h.surname, d);
    const health = healthOf(m.age, i === h.sickIndex ? 'illness' : i === h.disabledIndex ? 'disability' : null, d);
    const labour = labourOf(m.age, health, d);
    const education = educationOf(m.age, d);
    const student = studentStatusText(m.age, d);
    const head = i === 0;
    return csvLine([
      key,
      villageCode,
      issued.idNumber,
      name,
      zh ? (m.sex === 'male' ? '男' : '女') : m.sex,
      issued.birthDate,
      m.relation,
      h.ethnicity,
      education,
      student,
      zh ? HEALTH_STATUS_LABELS[health]['zh-CN'] : health,
      zh ? LABOUR_ABILITY_LABELS[labour]['zh-CN'] : labour,
      yes(d.rnd() < MEDICAL_INSURED_SHARE),
      yes(m.age >= 16 && d.rnd() < PENSION_INSURED_SHARE),
      head ? mobileNumber(d) : '',
      head ? causeText(h.mainCause) : '',
      head ? h.otherCauses.map(causeText).join(zh ? '、' : ';') : '',
      head ? (zh ? ASSISTANCE_CATEGORY_LABELS[h.category]['zh-CN'] : h.category) : '',
    ]);
  });
}

/** 在校生状况 as the template's text: preschool, primary, junior and senior secondary, university, not a student. */
function studentStatusText(age: number, d: Draws): string {
  if (age < 3) return '';
  if (age < 6) return '学前教育';
  if (age < 12) return '小学在读';
  if (age < 16) return '初中在读';
  if (age < 19) return d.pick(['高中在读', '中职在读', '非在校生']);
  return age < 22 && d.rnd() < 0.3 ? '大学在读' : '非在校生';
}
