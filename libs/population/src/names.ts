import { type Draws, weights, type Weighted } from './random';
import type { Relation, Sex } from './household';

/** The commonest surnames (百家姓 as counted today), one character each. */
export const SURNAMES: readonly string[] = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢向龙谭',
];

/** Given names by sex, of rural people born from the 1940s to the 2010s. */
export const GIVEN_NAMES: Readonly<Record<Sex, readonly string[]>> = {
  male: [
    ...['建国', '志强', '国华', '德明', '永军', '海涛', '小龙', '金生', '光荣', '庆丰', '卫东', '春生'],
    ...['明', '伟', '军', '勇', '强', '磊', '涛', '斌', '浩然', '子轩', '宇航', '俊杰'],
  ],
  female: [
    ...['秀英', '桂兰', '玉兰', '淑珍', '春花', '冬梅', '丽娟', '小红', '美玲', '翠萍'],
    ...['芳', '霞', '燕', '静', '敏', '丹', '欣怡', '梓涵', '雨萱', '诗琪'],
  ],
};

/** Full names written with a middle dot (Uyghur, Tibetan, Yi): the rosters must take them as they are. */
export const MINORITY_NAMES: readonly string[] = [
  '阿依古丽·买买提',
  '阿不都·热合曼',
  '扎西·多吉',
  '卓玛·次仁',
  '吉克·阿依',
  '阿西·木呷',
];

/** Share of people given one of the MINORITY_NAMES. */
const MINORITY_NAME_SHARE = 0.03;
/** Share of spouses who happen to have the household's surname. */
const SPOUSE_SAME_SURNAME_SHARE = 0.1;

/** A member's name: the household's surname for all but most spouses, a given name by sex, now and then a minority name. */
export function personName(relation: Relation, sex: Sex, householdSurname: string, d: Draws): string {
  const given = d.pick(GIVEN_NAMES[sex]);
  if (d.rnd() < MINORITY_NAME_SHARE) return d.pick(MINORITY_NAMES);
  const own = relation !== '配偶' || d.rnd() < SPOUSE_SAME_SURNAME_SHARE;
  return `${own ? householdSurname : d.pick(SURNAMES)}${given}`;
}

/** 民族 in Guizhou's poor counties (52). */
const GUIZHOU: Weighted<string> = weights([
  ['汉族', 62],
  ['苗族', 12],
  ['布依族', 8],
  ['侗族', 6],
  ['土家族', 5],
  ['彝族', 4],
  ['水族', 3],
]);
/** 民族 in the poor counties of central and southern China (Hunan, Hubei, Guangxi's north …): mostly Han. */
const CENTRAL_SOUTH: Weighted<string> = weights([
  ['汉族', 82],
  ['苗族', 6],
  ['土家族', 4],
  ['侗族', 3],
  ['瑶族', 3],
  ['回族', 1],
  ['彝族', 1],
]);

/** The ethnic mix to draw from in a province (2-digit code): Guizhou's own, elsewhere the central-south one. */
export function ethnicityWeights(provinceCode: string): Weighted<string> {
  return provinceCode === '52' ? GUIZHOU : CENTRAL_SOUTH;
}
