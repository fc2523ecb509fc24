import {
  ASSISTANCE_CATEGORY_LABELS,
  HEALTH_STATUS_LABELS,
  LABOUR_ABILITY_LABELS,
  POVERTY_CAUSES,
  POVERTY_CAUSE_LABELS,
  nationalPovertyLine,
  perCapitaNetIncomeFen,
  residentIdCheckDigit,
  type AssistanceCategory,
  type HealthStatus,
  type LabourAbility,
  type PovertyCause,
} from '@fupin/identification-rules';
import { csvLine, parseCsvRecords } from './tabular';

/**
 * A synthetic county roster for benchmarks and demos, deterministic from `seed`: valid resident ID
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

/** Share of households by main cause (致贫原因), roughly as in the 2014 national register. */
export const MAIN_CAUSE_WEIGHTS: Readonly<Record<PovertyCause, number>> = {
  illness: 42,
  disability: 14,
  lack_of_funds: 10,
  lack_of_skills: 8,
  lack_of_labour: 7,
  schooling: 6,
  disaster: 3,
  lack_of_land: 2.5,
  poor_transport: 2,
  lack_of_water: 1.5,
  lack_of_motivation: 2,
  marriage: 1,
  other: 1,
};

const ASSISTANCE_WEIGHTS: Readonly<Record<AssistanceCategory, number>> = {
  production: 52,
  relocation: 10,
  ecological_compensation: 6,
  education: 10,
  social_security: 22,
};

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢向龙谭';
const GIVEN_MALE = [
  '建国',
  '志强',
  '国华',
  '德明',
  '永军',
  '海涛',
  '小龙',
  '金生',
  '光荣',
  '庆丰',
  '卫东',
  '春生',
  '明',
  '伟',
  '军',
  '勇',
  '强',
  '磊',
  '涛',
  '斌',
  '浩然',
  '子轩',
  '宇航',
  '俊杰',
];
const GIVEN_FEMALE = [
  '秀英',
  '桂兰',
  '玉兰',
  '淑珍',
  '春花',
  '冬梅',
  '丽娟',
  '小红',
  '美玲',
  '翠萍',
  '芳',
  '霞',
  '燕',
  '静',
  '敏',
  '丹',
  '欣怡',
  '梓涵',
  '雨萱',
  '诗琪',
];
const MINORITY_NAMES = ['阿依古丽·买买提', '阿不都·热合曼', '扎西·多吉', '卓玛·次仁', '吉克·阿依', '阿西·木呷'];
const ETHNICITIES: [string, number][] = [
  ['汉族', 82],
  ['苗族', 6],
  ['土家族', 4],
  ['侗族', 3],
  ['瑶族', 3],
  ['回族', 1],
  ['彝族', 1],
];

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateRosterCsv(options: RosterGeneratorOptions): GeneratedRoster {
  const county = options.county;
  if (!/^\d{6}$/.test(county)) throw new RangeError('county must be a 6-digit code');
  const nTownships = options.townships ?? 15;
  const nVillages = options.villages ?? 98;
  const nHouseholds = options.households ?? 10_750;
  const nPeople = options.people ?? 34_677;
  const refYear = options.referenceYear ?? 2026;
  const zh = (options.language ?? 'zh') === 'zh';
  if (nVillages < nTownships || nHouseholds < nVillages || nPeople < nHouseholds || nPeople > nHouseholds * 8)
    throw new RangeError('inconsistent sizes');
  const rnd = prng(options.seed ?? 1);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const weighted = <T extends string>(weights: Readonly<Record<T, number>> | [T, number][]): T => {
    const entries = (Array.isArray(weights) ? weights : Object.entries(weights)) as [T, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = rnd() * total;
    for (const [k, w] of entries) {
      x -= w;
      if (x < 0) return k;
    }
    return entries[entries.length - 1][0];
  };

  // divisions
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

  // households per village (±35 % around the mean), then household sizes summing exactly to nPeople
  const perVillage = villages.map(() => 0.65 + rnd() * 0.7);
  const scale = nHouseholds / perVillage.reduce((a, b) => a + b, 0);
  const counts = perVillage.map((w) => Math.max(1, Math.floor(w * scale)));
  for (let i = 0, diff = nHouseholds - counts.reduce((a, b) => a + b, 0); diff !== 0; i = (i + 1) % counts.length) {
    if (diff > 0) {
      counts[i]++;
      diff--;
    } else if (counts[i] > 1) {
      counts[i]--;
      diff++;
    }
  }
  const sizeWeights: [string, number][] = [
    ['1', 12],
    ['2', 21],
    ['3', 23],
    ['4', 24],
    ['5', 13],
    ['6', 5],
    ['7', 2],
  ];
  const sizes = Array.from({ length: nHouseholds }, () => Number(weighted(sizeWeights)));
  for (let diff = nPeople - sizes.reduce((a, b) => a + b, 0); diff !== 0;) {
    const i = int(0, nHouseholds - 1);
    if (diff > 0 && sizes[i] < 8) {
      sizes[i]++;
      diff--;
    } else if (diff < 0 && sizes[i] > 1) {
      sizes[i]--;
      diff++;
    }
  }

  const usedIds = new Set<string>();
  const residentId = (birth: string, sex: 'male' | 'female'): string => {
    for (;;) {
      const seq = int(0, 499) * 2 + (sex === 'male' ? 1 : 0);
      const first17 = `${county}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
      const id = first17 + residentIdCheckDigit(first17);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const birthOf = (age: number): string => {
    const year = refYear - 1 - age;
    const dayOfYear = int(0, 364);
    return new Date(Date.UTC(year, 0, 1) + dayOfYear * 86_400_000).toISOString().slice(0, 10);
  };

  const headers = zh
    ? [
        '户编号',
        '村代码',
        '身份证号',
        '姓名',
        '性别',
        '出生日期',
        '与户主关系',
        '民族',
        '文化程度',
        '在校生状况',
        '健康状况',
        '劳动能力',
        '是否参加基本医疗保险',
        '是否参加基本养老保险',
        '联系电话',
        '主要致贫原因',
        '其他致贫原因',
        '帮扶类别',
      ]
    : [
        'household_key',
        'village_code',
        'id_number',
        'name',
        'sex',
        'birth_date',
        'relation',
        'ethnicity',
        'education',
        'student_status',
        'health',
        'labour_ability',
        'basic_medical_insured',
        'pension_insured',
        'phone',
        'main_cause',
        'other_causes',
        'assistance_category',
      ];
  const lines: string[] = [csvLine(headers)];
  const mainCauses = Object.fromEntries(POVERTY_CAUSES.map((c) => [c, 0])) as Record<PovertyCause, number>;
  const yes = (b: boolean) => (zh ? (b ? '是' : '否') : String(b));
  const causeText = (c: PovertyCause) => (zh ? POVERTY_CAUSE_LABELS[c]['zh-CN'] : c);
  const healthText = (h: HealthStatus) => (zh ? HEALTH_STATUS_LABELS[h]['zh-CN'] : h);
  const labourText = (l: LabourAbility) => (zh ? LABOUR_ABILITY_LABELS[l]['zh-CN'] : l);

  let h = 0;
  villages.forEach((village, v) => {
    for (let k = 0; k < counts[v]; k++, h++) {
      const size = sizes[h];
      const main = weighted(MAIN_CAUSE_WEIGHTS);
      mainCauses[main]++;
      const nOthers = weighted([
        ['0', 40],
        ['1', 40],
        ['2', 20],
      ] as [string, number][]);
      const others: PovertyCause[] = [];
      while (others.length < Number(nOthers)) {
        const c = weighted(MAIN_CAUSE_WEIGHTS);
        if (c !== main && !others.includes(c)) others.push(c);
      }
      const surname = pick([...SURNAMES]);
      const headAge = size === 1 ? int(55, 88) : int(28, 78);
      const headSex: 'male' | 'female' = rnd() < 0.82 ? 'male' : 'female';
      type Member = { relation: string; age: number; sex: 'male' | 'female'; ownSurname: boolean };
      const members: Member[] = [{ relation: '户主', age: headAge, sex: headSex, ownSurname: true }];
      if (size >= 2 && rnd() < 0.85)
        members.push({
          relation: '配偶',
          age: Math.max(18, headAge + int(-6, 4)),
          sex: headSex === 'male' ? 'female' : 'male',
          ownSurname: false,
        });
      if (members.length < size && headAge < 58 && rnd() < 0.25)
        members.push({
          relation: '父母',
          age: Math.min(95, headAge + int(22, 32)),
          sex: rnd() < 0.5 ? 'male' : 'female',
          ownSurname: true,
        });
      while (members.length < size) {
        const grandchild = headAge >= 60 && rnd() < 0.5;
        const age = grandchild ? int(0, 16) : Math.max(0, headAge - int(20, 36));
        members.push({
          relation: grandchild ? '孙子女' : '子女',
          age,
          sex: rnd() < 0.52 ? 'male' : 'female',
          ownSurname: true,
        });
      }
      // who carries the cause: an ill or disabled member for those causes
      const sickIndex = main === 'illness' || others.includes('illness') ? int(0, members.length - 1) : -1;
      const disabledIndex = main === 'disability' || others.includes('disability') ? int(0, members.length - 1) : -1;
      const key = `${village.code}${String(k + 1).padStart(4, '0')}`;
      const ethnicity = weighted(ETHNICITIES);
      const category = members.every((m) => m.age >= 65 || m.age < 16)
        ? 'social_security'
        : weighted(ASSISTANCE_WEIGHTS);
      members.forEach((m, i) => {
        const birth = birthOf(m.age);
        const id = residentId(birth, m.sex);
        const given = m.sex === 'male' ? pick(GIVEN_MALE) : pick(GIVEN_FEMALE);
        const name = rnd() < 0.03 ? pick(MINORITY_NAMES) : `${m.ownSurname ? surname : pick([...SURNAMES])}${given}`;
        const health: HealthStatus =
          i === sickIndex
            ? rnd() < 0.6
              ? 'chronic_illness'
              : 'serious_illness'
            : i === disabledIndex
              ? 'disability'
              : m.age >= 65 && rnd() < 0.3
                ? 'chronic_illness'
                : 'healthy';
        const labour: LabourAbility =
          m.age < 16 || m.age >= 70
            ? 'none'
            : health === 'serious_illness' || health === 'disability'
              ? 'lost'
              : m.age >= 65
                ? 'none'
                : rnd() < 0.15
                  ? 'skilled'
                  : 'ordinary';
        const education =
          m.age < 6
            ? '学龄前儿童'
            : m.age < 12
              ? '小学'
              : m.age < 15
                ? '初中'
                : m.age >= 60
                  ? pick(['文盲或半文盲', '小学'])
                  : pick(['小学', '初中', '初中', '高中', '大专及以上']);
        const student =
          m.age < 3
            ? ''
            : m.age < 6
              ? '学前教育'
              : m.age < 12
                ? '小学在读'
                : m.age < 15
                  ? '初中在读'
                  : m.age < 18
                    ? pick(['高中在读', '中职在读', '非在校生'])
                    : m.age < 22 && rnd() < 0.3
                      ? '大学在读'
                      : '非在校生';
        const head = i === 0;
        lines.push(
          csvLine([
            key,
            village.code,
            id,
            name,
            zh ? (m.sex === 'male' ? '男' : '女') : m.sex,
            birth,
            m.relation,
            ethnicity,
            education,
            student,
            healthText(health),
            labourText(labour),
            yes(rnd() < 0.97),
            yes(m.age >= 16 && rnd() < 0.85),
            head ? `1${pick(['3', '5', '7', '8', '9'])}${String(int(0, 999_999_999)).padStart(9, '0')}` : '',
            head ? causeText(main) : '',
            head ? others.map(causeText).join(zh ? '、' : ';') : '',
            head ? (zh ? ASSISTANCE_CATEGORY_LABELS[category]['zh-CN'] : category) : '',
          ]),
        );
      });
    }
  });

  return {
    csv: `${lines.join('\r\n')}\r\n`,
    countyCode: county,
    townships,
    villages,
    households: nHouseholds,
    people: nPeople,
    mainCauses,
    divisions: [
      { code: county, name: `${county}县`, level: 'county', parentCode: county.slice(0, 4) },
      ...townships.map((t) => ({ code: t.code, name: t.name, level: 'township' as const, parentCode: county })),
      ...villages.map((v) => ({ code: v.code, name: v.name, level: 'village' as const, parentCode: v.townshipCode })),
    ],
  };
}

// ----- surveys of a generated roster ---------------------------------------------------------------------------

export interface SurveyGeneratorOptions {
  /** Income year of every survey (the year whose poverty line the income is compared with). */
  incomeYear: number;
  seed?: number;
  /** Share of households with per-capita net income above the line (default 0.05); they get housing A/B, safe water, no child out of school. */
  shareAboveLine?: number;
  /** Poverty line in fen per person (default the national line of `incomeYear`, else 400,000 = the 2020 line of 4,000 yuan). */
  povertyLineFen?: number;
  /** `zh` (default) writes Chinese headers and 是/否; `en` snake_case headers and true/false. */
  language?: 'zh' | 'en';
}

export interface GeneratedSurveys {
  csv: string;
  incomeYear: number;
  povertyLineFen: number;
  /** Rows written: one per household of the roster. */
  households: number;
  /** Households whose per-capita net income is at or above the line (`${village_code}/${household_key}`). */
  aboveLineKeys: string[];
  /** Per-capita net income (fen) each household's survey works out to, by `${village_code}/${household_key}` (as perCapitaNetIncomeFen derives it). */
  perCapitaFen: Map<string, number>;
}

const SURVEY_HEADERS_ZH = [
  '村代码',
  '户编号',
  '收入年度',
  '家庭人口',
  '种植业收入',
  '养殖业收入',
  '工资性收入',
  '财产性收入',
  '转移性收入',
  '经营净收入',
  '生产经营性支出',
  '生活支出',
  '因病因灾支出',
  '学生费用',
  '房屋安全等级',
  '饮水安全',
  '不愁吃',
  '不愁穿',
  '失学辍学儿童数',
];
const SURVEY_HEADERS_EN = [
  'village_code',
  'household_key',
  'income_year',
  'household_size',
  'farming_income',
  'livestock_income',
  'wage_income',
  'property_income',
  'transfer_income',
  'business_net_income',
  'production_costs',
  'living_expenses',
  'illness_spending',
  'student_costs',
  'housing_grade',
  'drinking_water_safe',
  'food_secure',
  'clothing_secure',
  'children_out_of_school',
];

/** Integer fen as yuan text: whole yuan without decimals, else two decimals (123450 → `1234.50`). */
function yuanText(fen: number): string {
  const cents = fen % 100;
  return cents === 0 ? String(fen / 100) : `${Math.floor(fen / 100)}.${String(cents).padStart(2, '0')}`;
}

/**
 * One survey row per household of a generated roster, keyed by village_code + household_key as the roster has
 * them, deterministic from `seed`. Per-capita net income (六算: six income items − production costs, over the
 * members of the roster) is below the poverty line for all but `shareAboveLine` of the households: below-line
 * households between ~1,500 yuan and ~150 yuan under the line, with a fifth of them in C/D (dangerous) housing
 * and a tenth without safe water; above-line households 300–8,000 yuan over it, in A/B housing with safe water
 * and every guarantee met, so that their income and observations alone make them ineligible.
 */
export function generateSurveyCsv(roster: GeneratedRoster, options: SurveyGeneratorOptions): GeneratedSurveys {
  const year = options.incomeYear;
  if (!Number.isInteger(year) || year < 2014 || year > 2100)
    throw new RangeError('incomeYear must be a year from 2014 to 2100');
  const share = options.shareAboveLine ?? 0.05;
  if (!(share >= 0 && share <= 1)) throw new RangeError('shareAboveLine must be between 0 and 1');
  const line = options.povertyLineFen ?? nationalPovertyLine(year)?.povertyLineFen ?? 400_000;
  const zh = (options.language ?? 'zh') === 'zh';
  const rnd = prng(options.seed ?? 1);
  const between = (lo: number, hi: number) => lo + rnd() * (hi - lo);
  const yes = (b: boolean) => (zh ? (b ? '是' : '否') : String(b));

  // households of the roster in file order, with their member counts
  const households: { village: string; key: string; size: number }[] = [];
  const byKey = new Map<string, { village: string; key: string; size: number }>();
  for (const record of parseCsvRecords(roster.csv).slice(1)) {
    const [key, village] = record.cells;
    if (!key) continue;
    const id = `${village}/${key}`;
    const h = byKey.get(id);
    if (h) h.size++;
    else {
      const fresh = { village, key, size: 1 };
      byKey.set(id, fresh);
      households.push(fresh);
    }
  }

  // exactly round(share × n) households above the line, spread at random
  const nAbove = Math.round(share * households.length);
  const order = households.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const above = new Set(order.slice(0, nAbove));

  const lines = [csvLine(zh ? SURVEY_HEADERS_ZH : SURVEY_HEADERS_EN)];
  const aboveLineKeys: string[] = [];
  const perCapita = new Map<string, number>();
  households.forEach((h, i) => {
    const isAbove = above.has(i);
    for (;;) {
      // target per-capita net income, then its split over the income sources
      const target = isAbove
        ? line + Math.round(between(300, 8_000) * 100)
        : Math.round(between(Math.max(500, line / 100 - 2_500), line / 100 - 150) * 100);
      const net = target * h.size;
      const weights = {
        agri: between(0.2, 0.6),
        wage: rnd() < 0.25 ? 0 : between(0.2, 0.7),
        transfer: between(0.1, h.size <= 2 ? 0.6 : 0.35),
        property: rnd() < 0.3 ? between(0, 0.03) : 0,
        business: rnd() < 0.1 ? between(0.05, 0.2) : 0,
      };
      const sum = Object.values(weights).reduce((a, b) => a + b, 0);
      const part = (w: number) => (net * w) / sum;
      const costShare = between(0.2, 0.45);
      const agriGross = part(weights.agri) / (1 - costShare);
      const farmingShare = rnd() < 0.15 ? 1 : between(0.45, 0.9);
      const wholeYuan = (fen: number) => Math.max(0, Math.round(fen / 100) * 100);
      const items = {
        farmingIncome: wholeYuan(agriGross * farmingShare),
        livestockIncome: wholeYuan(agriGross * (1 - farmingShare)),
        wageIncome: wholeYuan(part(weights.wage)),
        propertyIncome: wholeYuan(part(weights.property)),
        transferIncome: Math.max(0, Math.round(part(weights.transfer))), // subsidies and pensions come to the fen
        businessNetIncome: wholeYuan(part(weights.business)),
        productionCosts: wholeYuan(agriGross * costShare),
        livingExpenses: wholeYuan(h.size * between(1_200, 2_800) * 100),
        illnessSpending: rnd() < 0.4 ? wholeYuan(between(2_000, 30_000) * 100) : wholeYuan(between(0, 500) * 100),
        studentCosts: rnd() < 0.35 ? wholeYuan(between(800, 6_000) * 100) : 0,
      };
      const derived = perCapitaNetIncomeFen({ ...items, householdSize: h.size });
      if (!derived.ok || derived.value.perCapitaFen >= line !== isAbove) continue; // rounding crossed the line: draw again
      const housing = isAbove
        ? rnd() < 0.6
          ? 'A'
          : 'B'
        : weighted4(rnd(), [
            ['A', 15],
            ['B', 65],
            ['C', 14],
            ['D', 6],
          ]);
      const water = isAbove || rnd() >= 0.1;
      const food = isAbove || rnd() >= 0.03;
      const clothing = isAbove || rnd() >= 0.02;
      const children = !isAbove && h.size >= 3 && rnd() < 0.01 ? 1 : 0;
      const id = `${h.village}/${h.key}`;
      perCapita.set(id, derived.value.perCapitaFen);
      if (isAbove) aboveLineKeys.push(id);
      lines.push(
        csvLine([
          h.village,
          h.key,
          year,
          h.size,
          yuanText(items.farmingIncome),
          yuanText(items.livestockIncome),
          yuanText(items.wageIncome),
          yuanText(items.propertyIncome),
          yuanText(items.transferIncome),
          yuanText(items.businessNetIncome),
          yuanText(items.productionCosts),
          yuanText(items.livingExpenses),
          yuanText(items.illnessSpending),
          yuanText(items.studentCosts),
          housing,
          yes(water),
          yes(food),
          yes(clothing),
          children,
        ]),
      );
      break;
    }
  });
  return {
    csv: `${lines.join('\r\n')}\r\n`,
    incomeYear: year,
    povertyLineFen: line,
    households: households.length,
    aboveLineKeys,
    perCapitaFen: perCapita,
  };
}

function weighted4(x: number, weights: [string, number][]): string {
  const total = weights.reduce((s, [, w]) => s + w, 0);
  let left = x * total;
  for (const [k, w] of weights) {
    left -= w;
    if (left < 0) return k;
  }
  return weights[weights.length - 1][0];
}
