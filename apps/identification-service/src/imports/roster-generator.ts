import {
  ASSISTANCE_CATEGORY_LABELS,
  HEALTH_STATUS_LABELS,
  LABOUR_ABILITY_LABELS,
  POVERTY_CAUSES,
  POVERTY_CAUSE_LABELS,
  residentIdCheckDigit,
  type AssistanceCategory,
  type HealthStatus,
  type LabourAbility,
  type PovertyCause,
} from '@fupin/identification-rules';
import { csvLine } from './tabular';

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
  illness: 42, disability: 14, lack_of_funds: 10, lack_of_skills: 8, lack_of_labour: 7, schooling: 6,
  disaster: 3, lack_of_land: 2.5, poor_transport: 2, lack_of_water: 1.5, lack_of_motivation: 2, marriage: 1, other: 1,
};

const ASSISTANCE_WEIGHTS: Readonly<Record<AssistanceCategory, number>> = {
  production: 52, relocation: 10, ecological_compensation: 6, education: 10, social_security: 22,
};

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢向龙谭';
const GIVEN_MALE = ['建国', '志强', '国华', '德明', '永军', '海涛', '小龙', '金生', '光荣', '庆丰', '卫东', '春生', '明', '伟', '军', '勇', '强', '磊', '涛', '斌', '浩然', '子轩', '宇航', '俊杰'];
const GIVEN_FEMALE = ['秀英', '桂兰', '玉兰', '淑珍', '春花', '冬梅', '丽娟', '小红', '美玲', '翠萍', '芳', '霞', '燕', '静', '敏', '丹', '欣怡', '梓涵', '雨萱', '诗琪'];
const MINORITY_NAMES = ['阿依古丽·买买提', '阿不都·热合曼', '扎西·多吉', '卓玛·次仁', '吉克·阿依', '阿西·木呷'];
const ETHNICITIES: [string, number][] = [['汉族', 82], ['苗族', 6], ['土家族', 4], ['侗族', 3], ['瑶族', 3], ['回族', 1], ['彝族', 1]];

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
  if (nVillages < nTownships || nHouseholds < nVillages || nPeople < nHouseholds || nPeople > nHouseholds * 8) throw new RangeError('inconsistent sizes');
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
  const townships = Array.from({ length: nTownships }, (_, t) => ({ code: `${county}${String(101 + t).padStart(3, '0')}`, name: `第${t + 1}镇` }));
  const villages = Array.from({ length: nVillages }, (_, v) => {
    const township = townships[v % nTownships];
    const index = Math.floor(v / nTownships);
    return { code: `${township.code}${String(201 + index).padStart(3, '0')}`, name: `${township.name}${index + 1}村`, townshipCode: township.code };
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
  const sizeWeights: [string, number][] = [['1', 12], ['2', 21], ['3', 23], ['4', 24], ['5', 13], ['6', 5], ['7', 2]];
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
    ? ['户编号', '村代码', '身份证号', '姓名', '性别', '出生日期', '与户主关系', '民族', '文化程度', '在校生状况', '健康状况', '劳动能力', '是否参加基本医疗保险', '是否参加基本养老保险', '联系电话', '主要致贫原因', '其他致贫原因', '帮扶类别']
    : ['household_key', 'village_code', 'id_number', 'name', 'sex', 'birth_date', 'relation', 'ethnicity', 'education', 'student_status', 'health', 'labour_ability', 'basic_medical_insured', 'pension_insured', 'phone', 'main_cause', 'other_causes', 'assistance_category'];
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
      const nOthers = weighted([['0', 40], ['1', 40], ['2', 20]] as [string, number][]);
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
      if (size >= 2 && rnd() < 0.85) members.push({ relation: '配偶', age: Math.max(18, headAge + int(-6, 4)), sex: headSex === 'male' ? 'female' : 'male', ownSurname: false });
      if (members.length < size && headAge < 58 && rnd() < 0.25) members.push({ relation: '父母', age: Math.min(95, headAge + int(22, 32)), sex: rnd() < 0.5 ? 'male' : 'female', ownSurname: true });
      while (members.length < size) {
        const grandchild = headAge >= 60 && rnd() < 0.5;
        const age = grandchild ? int(0, 16) : Math.max(0, headAge - int(20, 36));
        members.push({ relation: grandchild ? '孙子女' : '子女', age, sex: rnd() < 0.52 ? 'male' : 'female', ownSurname: true });
      }
      // who carries the cause: an ill or disabled member for those causes
      const sickIndex = main === 'illness' || others.includes('illness') ? int(0, members.length - 1) : -1;
      const disabledIndex = main === 'disability' || others.includes('disability') ? int(0, members.length - 1) : -1;
      const key = `${village.code}${String(k + 1).padStart(4, '0')}`;
      const ethnicity = weighted(ETHNICITIES);
      const category = members.every((m) => m.age >= 65 || m.age < 16) ? 'social_security' : weighted(ASSISTANCE_WEIGHTS);
      members.forEach((m, i) => {
        const birth = birthOf(m.age);
        const id = residentId(birth, m.sex);
        const given = m.sex === 'male' ? pick(GIVEN_MALE) : pick(GIVEN_FEMALE);
        const name = rnd() < 0.03 ? pick(MINORITY_NAMES) : `${m.ownSurname ? surname : pick([...SURNAMES])}${given}`;
        const health: HealthStatus = i === sickIndex ? (rnd() < 0.6 ? 'chronic_illness' : 'serious_illness') : i === disabledIndex ? 'disability' : m.age >= 65 && rnd() < 0.3 ? 'chronic_illness' : 'healthy';
        const labour: LabourAbility = m.age < 16 || m.age >= 70 ? 'none' : health === 'serious_illness' || health === 'disability' ? 'lost' : m.age >= 65 ? 'none' : rnd() < 0.15 ? 'skilled' : 'ordinary';
        const education = m.age < 6 ? '学龄前儿童' : m.age < 12 ? '小学' : m.age < 15 ? '初中' : m.age >= 60 ? pick(['文盲或半文盲', '小学']) : pick(['小学', '初中', '初中', '高中', '大专及以上']);
        const student = m.age < 3 ? '' : m.age < 6 ? '学前教育' : m.age < 12 ? '小学在读' : m.age < 15 ? '初中在读' : m.age < 18 ? pick(['高中在读', '中职在读', '非在校生']) : m.age < 22 && rnd() < 0.3 ? '大学在读' : '非在校生';
        const head = i === 0;
        lines.push(csvLine([
          key, village.code, id, name, zh ? (m.sex === 'male' ? '男' : '女') : m.sex, birth, m.relation,
          ethnicity, education, student,
          healthText(health), labourText(labour), yes(rnd() < 0.97), yes(m.age >= 16 && rnd() < 0.85),
          head ? `1${pick(['3', '5', '7', '8', '9'])}${String(int(0, 999_999_999)).padStart(9, '0')}` : '',
          head ? causeText(main) : '',
          head ? others.map(causeText).join(zh ? '、' : ';') : '',
          head ? (zh ? ASSISTANCE_CATEGORY_LABELS[category]['zh-CN'] : category) : '',
        ]));
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
