// Every label of the console, in Chinese (the default) and English. A missing English label is a compile error.
import { createContext, useContext } from 'react';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

const zh = {
  'app.title': '精准扶贫 · 工作台',
  'app.skip': '跳到正文',
  'nav.home': '首页',
  'nav.notices': '公示公告',
  'nav.objection': '异议查询',
  'nav.signIn': '登录',
  'nav.signOut': '退出',
  'nav.language': 'English',
  'nav.languageLabel': '切换为英文',
  'home.welcome': '您好，{name}',
  'home.as': '{role} · 辖区 {jurisdiction}',
  'home.inboxSoon': '“我的待办”将在下一版提供：这里会列出等待您签署的每一步。',
  'home.public': '无需登录即可查看公示公告，并对公示提出异议。',
  'home.signInHint': '工作人员请先登录。',
  'signIn.title': '登录（本地开发环境）',
  'signIn.devNote': '本地环境：选择一位开发用户登录，令牌有效 8 小时，仅保存在本标签页。',
  'signIn.oidcNote': '生产环境将通过统一身份认证（OIDC）登录，尚未接入。',
  'signIn.as': '以此身份登录',
  'signIn.loading': '正在读取用户列表…',
  'signIn.signedInAs': '当前用户：{name}（{role}）',
  'role.village_cadre': '村两委干部',
  'role.township_reviewer': '乡镇审核人',
  'role.county_approver': '县级审批人',
  'role.department_officer': '行业部门',
  'role.bank': '合作银行',
  'role.workflow_operator': '流程运维',
  'role.auditor': '纪检/审计',
  'role.ops': '运维',
  'notices.title': '公示公告',
  'notices.division': '行政区划代码（县6位、乡镇9位、村12位）',
  'notices.show': '查看',
  'notices.none': '该区域目前没有正在公示的公告。',
  'notices.loading': '正在加载…',
  'notices.period': '公示期 {opens} 至 {closes}',
  'notices.daysLeft': '剩余 {days} 天',
  'notices.lastDay': '今天截止',
  'notices.households': '共 {count} 户',
  'notices.more': '仅显示前 {shown} 户，共 {count} 户。',
  'notices.page': '第 {page} / {pages} 页',
  'notices.prev': '上一页',
  'notices.next': '下一页',
  'entry.name': '户主',
  'entry.village': '村',
  'entry.members': '人口',
  'entry.idNumber': '身份证号',
  'entry.phone': '电话',
  'entry.decision': '事项',
  'entry.reason': '理由',
  'objection.title': '提出异议',
  'objection.household': '针对的农户（可选）',
  'objection.wholeNotice': '针对整份公示',
  'objection.text': '异议内容',
  'objection.contact': '联系电话（可选，不公开）',
  'objection.submit': '提交异议',
  'objection.submitting': '正在提交…',
  'objection.filed': '异议已受理。回执码：{code}',
  'objection.keep': '请保存回执码，凭它查询处理结果。',
  'objection.open': '查看处理结果',
  'lookup.title': '异议处理结果查询',
  'lookup.code': '回执码（12位）',
  'lookup.find': '查询',
  'lookup.notice': '公示',
  'lookup.filedAt': '提交时间',
  'lookup.status': '状态',
  'lookup.answer': '复核意见',
  'lookup.answeredAt': '答复时间',
  'status.pending': '待复核',
  'status.upheld': '异议成立',
  'status.dismissed': '异议不成立',
  'error.network': '无法连接服务，请稍后再试。',
  'error.status': '请求失败（{status}）。',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'app.title': 'Targeted Poverty Alleviation · Console',
  'app.skip': 'Skip to content',
  'nav.home': 'Home',
  'nav.notices': 'Public notices',
  'nav.objection': 'Objection status',
  'nav.signIn': 'Sign in',
  'nav.signOut': 'Sign out',
  'nav.language': '中文',
  'nav.languageLabel': 'Switch to Chinese',
  'home.welcome': 'Hello, {name}',
  'home.as': '{role} · jurisdiction {jurisdiction}',
  'home.inboxSoon': '“My work” comes in the next version: every step waiting for your signature will be listed here.',
  'home.public': 'Anyone can read public notices and object to them without signing in.',
  'home.signInHint': 'Officials: please sign in first.',
  'signIn.title': 'Sign in (local development stack)',
  'signIn.devNote': 'Local stack: choose a dev user. The token lasts 8 hours and is kept in this tab only.',
  'signIn.oidcNote': 'In production you will sign in with the configured identity provider (OIDC); not wired yet.',
  'signIn.as': 'Sign in as this user',
  'signIn.loading': 'Loading users…',
  'signIn.signedInAs': 'Signed in as {name} ({role})',
  'role.village_cadre': 'Village cadre',
  'role.township_reviewer': 'Township reviewer',
  'role.county_approver': 'County approver',
  'role.department_officer': 'Department officer',
  'role.bank': 'Partner bank',
  'role.workflow_operator': 'Workflow operator',
  'role.auditor': 'Auditor',
  'role.ops': 'Operations',
  'notices.title': 'Public notices',
  'notices.division': 'Division code (county 6, township 9, village 12 digits)',
  'notices.show': 'Show',
  'notices.none': 'No notice is open in this area.',
  'notices.loading': 'Loading…',
  'notices.period': 'Notice period {opens} to {closes}',
  'notices.daysLeft': '{days} days left',
  'notices.lastDay': 'Closes today',
  'notices.households': '{count} households',
  'notices.more': 'Showing the first {shown} of {count} households.',
  'notices.page': 'Page {page} of {pages}',
  'notices.prev': 'Previous',
  'notices.next': 'Next',
  'entry.name': 'Head of household',
  'entry.village': 'Village',
  'entry.members': 'Members',
  'entry.idNumber': 'ID number',
  'entry.phone': 'Phone',
  'entry.decision': 'Decision',
  'entry.reason': 'Reason',
  'objection.title': 'Object to this notice',
  'objection.household': 'Household concerned (optional)',
  'objection.wholeNotice': 'The notice as a whole',
  'objection.text': 'Your objection',
  'objection.contact': 'Phone for a reply (optional, never published)',
  'objection.submit': 'Submit objection',
  'objection.submitting': 'Submitting…',
  'objection.filed': 'Objection received. Receipt code: {code}',
  'objection.keep': 'Keep the receipt code to look up the answer.',
  'objection.open': 'See the answer',
  'lookup.title': 'Look up an objection',
  'lookup.code': 'Receipt code (12 characters)',
  'lookup.find': 'Look up',
  'lookup.notice': 'Notice',
  'lookup.filedAt': 'Filed',
  'lookup.status': 'Status',
  'lookup.answer': 'Answer of the re-examination',
  'lookup.answeredAt': 'Answered',
  'status.pending': 'Pending re-examination',
  'status.upheld': 'Upheld',
  'status.dismissed': 'Dismissed',
  'error.network': 'The service cannot be reached; please try again later.',
  'error.status': 'The request failed ({status}).',
};

export const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const dict = dictionaries[lang];
  return (key, values = {}) => dict[key].replace(/\{(\w+)\}/g, (m, name: string) => String(values[name] ?? m));
}

const LANG_KEY = 'fupin.console.lang';

/** The chosen language (a preference, not a secret: localStorage is fine for it), Chinese by default. */
export function storedLang(): Lang {
  try {
    const v = window.localStorage.getItem(LANG_KEY);
    return v === 'en' || v === 'zh-CN' ? v : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function storeLang(lang: Lang): void {
  try {
    window.localStorage.setItem(LANG_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export interface I18n {
  lang: Lang;
  t: Translate;
  setLang(lang: Lang): void;
}

export const I18nContext = createContext<I18n>({ lang: 'zh-CN', t: translator('zh-CN'), setLang: () => undefined });
export const useI18n = () => useContext(I18nContext);
