import { z } from 'zod';
import { defineEvent } from './envelope';

// Field shapes shared by the contracts. Full resident-ID validation (check digit, birth date) is the producer's
// domain rule; the contract pins the shape so a consumer can rely on it.
const uuid = z.uuid();
const idNumber = z
  .string()
  .regex(/^\d{17}[\dX]$/, 'must be an 18-character resident ID number (17 digits, then a digit or X)');
const villageCode = z.string().regex(/^\d{12}$/, 'must be a 12-digit village code');
const personName = z.string().min(1).max(100);
const text = z.string().min(1).max(2000);
const utcInstant = z.iso.datetime();

/** 建档立卡: a household entered the register. The head is one of the members; member ID numbers are unique. */
export const householdRegisteredV1 = z
  .object({
    householdId: uuid,
    villageCode,
    headName: personName,
    headIdNumber: idNumber,
    memberCount: z.number().int().min(1),
    members: z
      .array(
        z.object({
          idNumber,
          name: personName,
          /** 与户主关系, e.g. 户主, 配偶, 之子 */
          relation: z.string().min(1).max(50),
        }),
      )
      .min(1),
    registeredAt: utcInstant,
  })
  .superRefine((household, ctx) => {
    if (household.members.length !== household.memberCount) {
      ctx.addIssue({
        code: 'custom',
        path: ['memberCount'],
        message: `is ${household.memberCount} but ${household.members.length} members are listed`,
      });
    }
    const seen = new Set<string>();
    household.members.forEach((member, index) => {
      if (seen.has(member.idNumber))
        ctx.addIssue({ code: 'custom', path: ['members', index, 'idNumber'], message: 'is listed twice' });
      seen.add(member.idNumber);
    });
    if (!seen.has(household.headIdNumber)) {
      ctx.addIssue({ code: 'custom', path: ['headIdNumber'], message: 'must be the ID number of one of the members' });
    }
  });
export type HouseholdRegisteredV1 = z.output<typeof householdRegisteredV1>;

/** Registered household data changed: `changes` maps each changed field to its new value. */
export const householdUpdatedV1 = z.object({
  householdId: uuid,
  changes: z
    .record(z.string().min(1), z.unknown())
    .refine((changes) => Object.keys(changes).length > 0, 'must name at least one change'),
});
export type HouseholdUpdatedV1 = z.output<typeof householdUpdatedV1>;

/** County decision on an application (县审批): registered, or refused with the reason. */
export const identificationDecidedV1 = z.object({
  householdId: uuid,
  outcome: z.enum(['registered', 'refused']),
  reason: text,
});
export type IdentificationDecidedV1 = z.output<typeof identificationDecidedV1>;

/** Kinds of public notice (公示/公告) and the procedures that post them. */
const noticeKind = z.enum(['village_notice', 'township_notice', 'county_announcement']);
const noticeProcedure = z.enum(['identification', 'exit', 'monitoring', 'industry']);
const divisionCode = z
  .string()
  .regex(/^(\d{6}|\d{9}|\d{12})$/, 'must be a county (6), township (9) or village (12) division code');

/**
 * 异议: an objection filed against a public notice. `ownerWorkflowId` and `noticeKind` (optional, added
 * compatibly) tell a consumer which procedure to wake up and whether it is a village/township notice
 * (township re-examination) or a county announcement (county re-examination).
 */
export const objectionFiledV1 = z.object({
  objectionId: uuid,
  noticeId: uuid,
  householdId: uuid.optional(),
  reason: text.optional(),
  ownerWorkflowId: z.string().min(1).max(500).optional(),
  noticeKind: noticeKind.optional(),
});
export type ObjectionFiledV1 = z.output<typeof objectionFiledV1>;

/** 复核结果: every objection is answered, upheld or dismissed, with the reason. */
export const objectionResolvedV1 = z.object({
  objectionId: uuid,
  noticeId: uuid,
  householdId: uuid.optional(),
  outcome: z.enum(['upheld', 'dismissed']),
  reason: text,
  /** Optional, added compatibly: the procedure that owns the notice, its kind, and who answered (谁签字谁负责). */
  ownerWorkflowId: z.string().min(1).max(500).optional(),
  noticeKind: noticeKind.optional(),
  answeredBy: z.string().min(1).optional(),
  answeredAt: utcInstant.optional(),
});
export type ObjectionResolvedV1 = z.output<typeof objectionResolvedV1>;

/** 公示开始: a notice (one batch of households) is open to the public and accepts objections until `closesAt`. */
export const noticeOpenedV1 = z.object({
  noticeId: uuid,
  kind: noticeKind,
  procedure: noticeProcedure,
  divisionCode,
  ownerWorkflowId: z.string().min(1).max(500),
  /** The households listed (entry ids), in notice order. */
  householdIds: z.array(uuid).min(1),
  openedAt: utcInstant,
  closesAt: utcInstant,
});
export type NoticeOpenedV1 = z.output<typeof noticeOpenedV1>;

/** 公示期满: a notice closed; no objection is accepted after `closedAt`. */
export const noticeClosedV1 = z.object({
  noticeId: uuid,
  kind: noticeKind,
  procedure: noticeProcedure,
  divisionCode,
  ownerWorkflowId: z.string().min(1).max(500),
  closedAt: utcInstant,
  /** Objections filed while it was open. */
  objections: z.number().int().min(0),
});
export type NoticeClosedV1 = z.output<typeof noticeClosedV1>;

/** 参保确认: medical-aid enrollment of a household decided by a medical officer, or expired at its deadline. */
export const enrollmentDecidedV1 = z
  .object({
    householdId: uuid,
    idNumbers: z.array(idNumber).optional(),
    outcome: z.enum(['approved', 'rejected', 'expired']),
    /** Subject of the officer who signed (谁签字谁负责); absent only when the deadline expired it. */
    decidedBy: z.string().min(1).optional(),
    reason: text.optional(),
  })
  .superRefine((decision, ctx) => {
    if (decision.outcome !== 'expired' && decision.decidedBy === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['decidedBy'],
        message: `is required when the outcome is ${decision.outcome}`,
      });
    }
  });
export type EnrollmentDecidedV1 = z.output<typeof enrollmentDecidedV1>;

const fen = z.number().int().min(0);

/** 脱贫退出: a household left the register; its policies stay until the transition period ends (摘帽不摘政策). */
export const householdExitedV1 = z.object({
  householdId: uuid,
  villageCode,
  exitedAt: utcInstant,
  /** Last day (YYYY-MM-DD, Asia/Shanghai) the household keeps its benefits as registered poor. */
  transitionEndsOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type HouseholdExitedV1 = z.output<typeof householdExitedV1>;

/** 贫困村退出: a village's exit approved by the county after the township notice, with the incidence at the decision. */
export const villageExitedV1 = z.object({
  exitId: uuid,
  villageCode,
  /** The year of the exit (退出年度). */
  year: z.number().int().min(2014).max(2100),
  /** People in registered, not exited households / 农村人口, at the decision. */
  poorNotExited: z.number().int().min(0),
  ruralPopulation: z.number().int().min(1),
  /** Incidence rounded to a basis point (display) and the line it was below. */
  incidenceBp: z.number().int().min(0).max(10_000),
  thresholdBp: z.number().int().min(0).max(10_000),
  /** Subject of the county approver who signed (谁签字谁负责). */
  decidedBy: z.string().min(1),
  exitedAt: utcInstant,
});
export type VillageExitedV1 = z.output<typeof villageExitedV1>;

/** 不予退出: a household's exit stopped (it disagreed, a step rejected it, or an objection was upheld); it stays registered. */
export const householdExitRefusedV1 = z.object({
  householdId: uuid,
  villageCode,
  /** The exit procedure step where it stopped (e.g. household_agreement). */
  step: z.string().min(1),
  reason: text,
  refusedAt: utcInstant,
});
export type HouseholdExitRefusedV1 = z.output<typeof householdExitRefusedV1>;

/**
 * 返贫: a monitored household's per-capita income fell below the poverty line. It is back in identification as an
 * applicant (the village's next identification round takes it); `perCapitaFen`/`povertyLineFen` are the re-check's.
 */
export const householdRelapsedV1 = z.object({
  householdId: uuid,
  villageCode,
  relapsedAt: utcInstant,
  /** The income year of the survey the re-check used. */
  incomeYear: z.number().int().min(2011).max(2100),
  perCapitaFen: z.number().int(),
  povertyLineFen: fen,
  /** What triggered the re-check: schedule, medical_claim, disaster, survey. */
  trigger: z.string().min(1).max(50),
});
export type HouseholdRelapsedV1 = z.output<typeof householdRelapsedV1>;

/** 风险消除: a monitored household's risk cleared after notice and county approval; monitoring ends. */
export const householdRiskClearedV1 = z.object({
  householdId: uuid,
  villageCode,
  clearedAt: utcInstant,
  /** Subject of the county approver who signed. */
  approvedBy: z.string().min(1),
});
export type HouseholdRiskClearedV1 = z.output<typeof householdRiskClearedV1>;

/** 一站式结算: a claim settled through the layers (fen), under a policy version. */
export const claimSettledV1 = z.object({
  claimId: uuid,
  idNumber,
  countyCode: z.string().regex(/^\d{6}$/),
  policyId: uuid,
  registeredPoor: z.boolean(),
  basic: fen,
  critical: fen,
  assistance: fen,
  backstop: fen,
  patientPays: fen,
  review: z.boolean(),
});
export type ClaimSettledV1 = z.output<typeof claimSettledV1>;

/** The hospital was paid the funds' share of a claim, exactly once (paymentRef). */
export const claimPaidV1 = z.object({ claimId: uuid, paymentRef: z.string().min(1), amount: fen, paidAt: utcInstant });
export type ClaimPaidV1 = z.output<typeof claimPaidV1>;

/** A claim refused at the check or at review, with the reason (and who, when a person decided). */
export const claimRejectedV1 = z.object({ claimId: uuid, reason: text, decidedBy: z.string().min(1).optional() });
export type ClaimRejectedV1 = z.output<typeof claimRejectedV1>;

// -- 易地扶贫搬迁: the relocation case of one household (relocation-service, workflow relocation-case:<householdId>) --

const calendarDay = z.iso.date();
/** The fields every relocation event carries: the case, its household and the village it leaves. */
const relocationCase = { caseId: uuid, householdId: uuid, villageCode };
/** Resettlement modes (安置方式): 就近, 跨区域, 县域统一调配, 依托产业园区, and 货币化安置 (money, no site, no house). */
export const RELOCATION_MODES = ['nearby', 'cross_region', 'county_unified', 'industrial_park', 'monetary'] as const;
/** Construction milestones that release a tranche (地基, 封顶, 竣工验收), or the monetary mode's one lump sum. */
export const RELOCATION_TRANCHE_MILESTONES = ['foundation', 'roof', 'acceptance', 'lump_sum'] as const;

/** 自愿搬迁: the household head's signed consent recorded; the case starts with it. */
export const relocationConsentedV1 = z.object({
  ...relocationCase,
  /** Who signed (the household head). */
  signedBy: personName,
  signedOn: calendarDay,
  /** Reference of the signed document (协议编号 or scan id). */
  documentRef: z.string().min(1).max(200),
});
export type RelocationConsentedV1 = z.output<typeof relocationConsentedV1>;

/**
 * 搬迁计划: mode, site, home area and subsidy of the plan submitted. A site and a home for every mode but monetary
 * resettlement (货币化安置: no site, no house, both null); the area red line (≤ 25 m² per person, configurable) is the
 * producer's rule.
 */
export const relocationPlannedV1 = z
  .object({
    ...relocationCase,
    mode: z.enum(RELOCATION_MODES),
    siteCode: z.string().min(1).max(50).nullable(),
    /** Home area in m²; null for monetary resettlement. */
    areaM2: z.number().positive().max(10_000).nullable(),
    persons: z.number().int().min(1).max(100),
    /** The household's whole subsidy (补助资金), in fen. */
    subsidyFen: fen,
  })
  .superRefine((plan, ctx) => {
    const monetary = plan.mode === 'monetary';
    if (monetary !== (plan.siteCode === null))
      ctx.addIssue({
        code: 'custom',
        path: ['siteCode'],
        message: monetary ? 'must be null for monetary resettlement' : `is required for mode ${plan.mode}`,
      });
    if (monetary !== (plan.areaM2 === null))
      ctx.addIssue({
        code: 'custom',
        path: ['areaM2'],
        message: monetary ? 'must be null for monetary resettlement (no house)' : `is required for mode ${plan.mode}`,
      });
  });
export type RelocationPlannedV1 = z.output<typeof relocationPlannedV1>;

/** A subsidy tranche paid after the county approved it, exactly once per milestone (unique paymentRef). */
export const relocationTranchePaidV1 = z.object({
  ...relocationCase,
  milestone: z.enum(RELOCATION_TRANCHE_MILESTONES),
  amountFen: fen.min(1),
  paymentRef: z.string().min(1).max(200),
  paidAt: utcInstant,
});
export type RelocationTranchePaidV1 = z.output<typeof relocationTranchePaidV1>;

/** 搬迁入住: the household moved into its new home (or took the lump sum) on that day; withdrawal ends here. */
export const relocationMovedInV1 = z.object({ ...relocationCase, movedInOn: calendarDay });
export type RelocationMovedInV1 = z.output<typeof relocationMovedInV1>;

/**
 * 销号标识: the case completed (old house demolished and land reclaimed, follow-up support recorded); identification
 * marks the household relocated. Land-use rights at the old home are kept (保留原有土地承包经营权).
 */
export const relocationCompletedV1 = z.object({
  ...relocationCase,
  landRightsKept: z.boolean(),
  relocatedOn: calendarDay,
});
export type RelocationCompletedV1 = z.output<typeof relocationCompletedV1>;

/** 退出搬迁: the household withdrew before move-in, with its reason; the step it was at. */
export const relocationWithdrawnV1 = z.object({
  ...relocationCase,
  reason: text,
  /** The case step when it withdrew (e.g. plan_submitted, construction). */
  step: z.string().min(1).max(50),
  withdrawnAt: utcInstant,
});
export type RelocationWithdrawnV1 = z.output<typeof relocationWithdrawnV1>;

/** House safety grades (房屋安全等级): A safe … D dangerous as a whole (C、D级危房). */
export const HOUSE_GRADES = ['A', 'B', 'C', 'D'] as const;

/**
 * 危房改造竣工: a registered household's dangerous house (C or D) was renovated, inspected at acceptance and graded
 * anew (A or B); identification records the grade as an observation so the exit criterion "house safe" sees it.
 */
export const housingRenovatedV1 = z.object({
  caseId: uuid,
  householdId: uuid,
  villageCode,
  previousGrade: z.enum(['C', 'D']),
  newGrade: z.enum(['A', 'B']),
  /** The day of the acceptance inspection (竣工验收), China Standard Time. */
  renovatedOn: calendarDay,
  /** The subsidy paid over the case's tranches, in fen. */
  subsidyPaidFen: fen,
});
export type HousingRenovatedV1 = z.output<typeof housingRenovatedV1>;

// ---------------------------------------------------------------------------------------------------------------
// 产业扶贫 (industry-service, issue 14)

const industryHousehold = { householdId: uuid, villageCode };
const year = z.number().int().min(2000).max(2100);

/**
 * A household without labour capacity (无劳动能力) asked for labour items of the village menu (扶贫菜单) and was
 * pointed to 低保兜底 instead: a civil-affairs service consumes it.
 */
export const industryNoLabourV1 = z.object({
  ...industryHousehold,
  year,
  /** The labour items it could not choose (menu item ids). */
  refusedItemIds: z.array(z.string().min(1).max(64)),
  recordedOn: calendarDay,
});
export type IndustryNoLabourV1 = z.output<typeof industryNoLabourV1>;

/** 就业扶贫: a member of a registered household placed in a job at a partner or on a public-welfare post (公益岗位). */
export const employmentPlacedV1 = z.object({
  ...industryHousehold,
  placementId: uuid,
  /** partner_job | public_welfare_post */
  jobKind: z.enum(['partner_job', 'public_welfare_post']),
  /** The partner employing (经营主体), for partner jobs. */
  partnerId: uuid.nullable(),
  postName: z.string().min(1).max(200),
  startedOn: calendarDay,
  monthlyWageFen: fen,
});
export type EmploymentPlacedV1 = z.output<typeof employmentPlacedV1>;

/** Sources of income recorded by industry support (收入来源). */
export const INCOME_SOURCES = ['dividend', 'wage', 'production'] as const;

/**
 * Income earned by a registered household through industry support: identification shows it pre-filled as "known
 * income" in the next survey (六算), for the cadre to confirm. Each income once (`incomeId`).
 */
export const incomeRecordedV1 = z.object({
  ...industryHousehold,
  incomeId: uuid,
  source: z.enum(INCOME_SOURCES),
  amountFen: fen,
  earnedOn: calendarDay,
  /** What it is: the dividend contract, the placement and month, the delivery … */
  reference: z.string().min(1).max(200),
});
export type IncomeRecordedV1 = z.output<typeof incomeRecordedV1>;

const dividendItem = {
  ...industryHousehold,
  contractId: uuid,
  partnerId: uuid,
  dueOn: calendarDay,
  /** dividend 分红 | principal 到期还本 */
  kind: z.enum(['dividend', 'principal']),
  amountFen: fen,
};
/** 入股分红: a contract's payment fell due (raised by the contract's schedule). */
export const dividendDueV1 = z.object(dividendItem);
export type DividendDueV1 = z.output<typeof dividendDueV1>;
/** The partner's payment of a due dividend (or principal) was recorded, once. */
export const dividendPaidV1 = z.object({ ...dividendItem, paymentRef: z.string().min(1).max(64), paidOn: calendarDay });
export type DividendPaidV1 = z.output<typeof dividendPaidV1>;
/** A due payment was not recorded within the period (30 days by default): an alert, escalated to the county office. */
export const dividendMissedV1 = z.object({ ...dividendItem, missedOn: calendarDay });
export type DividendMissedV1 = z.output<typeof dividendMissedV1>;

const loanRef = { ...industryHousehold, loanId: uuid };
/** 扶贫小额信贷: the bank disbursed the loan; the repayment schedule runs from `disbursedOn`. */
export const loanDisbursedV1 = z.object({
  ...loanRef,
  principalFen: fen,
  termMonths: z.number().int().min(1).max(60),
  annualRateBp: z.number().int().min(0).max(10_000),
  repayment: z.enum(['equal_instalment', 'interest_quarterly']),
  disbursedOn: calendarDay,
});
export type LoanDisbursedV1 = z.output<typeof loanDisbursedV1>;
/** A reminder 15 or 3 days before an instalment's due date (还款提醒). */
export const loanReminderV1 = z.object({
  ...loanRef,
  dueOn: calendarDay,
  daysBefore: z.number().int().min(1).max(60),
  amountFen: fen,
});
export type LoanReminderV1 = z.output<typeof loanReminderV1>;
/** The loan went into arrears (逾期) after the grace period: the subsidy is suspended, the township is told. */
export const loanInArrearsV1 = z.object({
  ...loanRef,
  arrearsFrom: calendarDay,
  overdueFen: fen,
  /** The township (9 digits) the escalation goes to. */
  escalatedTo: z.string().regex(/^\d{9}$/),
});
export type LoanInArrearsV1 = z.output<typeof loanInArrearsV1>;
/** Misuse (挪用) recorded by the village: the subsidy is cancelled and the quarter's subsidy clawed back. */
export const loanMisusedV1 = z.object({ ...loanRef, misuseOn: calendarDay, clawbackFen: fen });
export type LoanMisusedV1 = z.output<typeof loanMisusedV1>;
/** The loan was repaid in full (结清). */
export const loanRepaidV1 = z.object({ ...loanRef, repaidOn: calendarDay });
export type LoanRepaidV1 = z.output<typeof loanRepaidV1>;

/**
 * Every event contract, versioned. A new version is a new entry; an old one stays until no producer emits it
 * and no consumer's backlog holds it.
 */
export const contracts = {
  householdRegistered: defineEvent({
    type: 'household.registered',
    version: 1,
    topic: 'identification.household',
    payload: householdRegisteredV1,
  }),
  householdExited: defineEvent({
    type: 'household.exited',
    version: 1,
    topic: 'identification.household',
    payload: householdExitedV1,
  }),
  householdExitRefused: defineEvent({
    type: 'household.exit-refused',
    version: 1,
    topic: 'identification.household',
    payload: householdExitRefusedV1,
  }),
  householdRelapsed: defineEvent({
    type: 'household.relapsed',
    version: 1,
    topic: 'identification.household',
    payload: householdRelapsedV1,
  }),
  householdRiskCleared: defineEvent({
    type: 'household.risk-cleared',
    version: 1,
    topic: 'identification.household',
    payload: householdRiskClearedV1,
  }),
  villageExited: defineEvent({
    type: 'village.exited',
    version: 1,
    topic: 'identification.village',
    payload: villageExitedV1,
  }),
  householdUpdated: defineEvent({
    type: 'household.updated',
    version: 1,
    topic: 'identification.household',
    payload: householdUpdatedV1,
  }),
  identificationDecided: defineEvent({
    type: 'identification.decided',
    version: 1,
    topic: 'identification.decision',
    payload: identificationDecidedV1,
  }),
  objectionFiled: defineEvent({
    type: 'objection.filed',
    version: 1,
    topic: 'notice.objection',
    payload: objectionFiledV1,
  }),
  objectionResolved: defineEvent({
    type: 'objection.resolved',
    version: 1,
    topic: 'notice.objection',
    payload: objectionResolvedV1,
  }),
  noticeOpened: defineEvent({ type: 'notice.opened', version: 1, topic: 'notice.notice', payload: noticeOpenedV1 }),
  noticeClosed: defineEvent({ type: 'notice.closed', version: 1, topic: 'notice.notice', payload: noticeClosedV1 }),
  enrollmentDecided: defineEvent({
    type: 'enrollment.decided',
    version: 1,
    topic: 'medical-aid.enrollment',
    payload: enrollmentDecidedV1,
  }),
  relocationConsented: defineEvent({
    type: 'relocation.consented',
    version: 1,
    topic: 'relocation.case',
    payload: relocationConsentedV1,
  }),
  relocationPlanned: defineEvent({
    type: 'relocation.planned',
    version: 1,
    topic: 'relocation.case',
    payload: relocationPlannedV1,
  }),
  relocationTranchePaid: defineEvent({
    type: 'relocation.tranche-paid',
    version: 1,
    topic: 'relocation.case',
    payload: relocationTranchePaidV1,
  }),
  relocationMovedIn: defineEvent({
    type: 'relocation.moved-in',
    version: 1,
    topic: 'relocation.case',
    payload: relocationMovedInV1,
  }),
  relocationCompleted: defineEvent({
    type: 'relocation.completed',
    version: 1,
    topic: 'relocation.case',
    payload: relocationCompletedV1,
  }),
  relocationWithdrawn: defineEvent({
    type: 'relocation.withdrawn',
    version: 1,
    topic: 'relocation.case',
    payload: relocationWithdrawnV1,
  }),
  housingRenovated: defineEvent({
    type: 'housing.renovated',
    version: 1,
    topic: 'relocation.case',
    payload: housingRenovatedV1,
  }),
  industryNoLabour: defineEvent({
    type: 'industry.no-labour',
    version: 1,
    topic: 'industry.household',
    payload: industryNoLabourV1,
  }),
  employmentPlaced: defineEvent({
    type: 'employment.placed',
    version: 1,
    topic: 'industry.employment',
    payload: employmentPlacedV1,
  }),
  incomeRecorded: defineEvent({
    type: 'income.recorded',
    version: 1,
    topic: 'industry.income',
    payload: incomeRecordedV1,
  }),
  dividendDue: defineEvent({ type: 'dividend.due', version: 1, topic: 'industry.dividend', payload: dividendDueV1 }),
  dividendPaid: defineEvent({ type: 'dividend.paid', version: 1, topic: 'industry.dividend', payload: dividendPaidV1 }),
  dividendMissed: defineEvent({
    type: 'dividend.missed',
    version: 1,
    topic: 'industry.dividend',
    payload: dividendMissedV1,
  }),
  loanDisbursed: defineEvent({ type: 'loan.disbursed', version: 1, topic: 'industry.loan', payload: loanDisbursedV1 }),
  loanReminder: defineEvent({ type: 'loan.reminder', version: 1, topic: 'industry.loan', payload: loanReminderV1 }),
  loanInArrears: defineEvent({ type: 'loan.in-arrears', version: 1, topic: 'industry.loan', payload: loanInArrearsV1 }),
  loanMisused: defineEvent({ type: 'loan.misused', version: 1, topic: 'industry.loan', payload: loanMisusedV1 }),
  loanRepaid: defineEvent({ type: 'loan.repaid', version: 1, topic: 'industry.loan', payload: loanRepaidV1 }),
  claimSettled: defineEvent({ type: 'claim.settled', version: 1, topic: 'medical-aid.claim', payload: claimSettledV1 }),
  claimPaid: defineEvent({ type: 'claim.paid', version: 1, topic: 'medical-aid.claim', payload: claimPaidV1 }),
  claimRejected: defineEvent({
    type: 'claim.rejected',
    version: 1,
    topic: 'medical-aid.claim',
    payload: claimRejectedV1,
  }),
} as const;
