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
  claimSettled: defineEvent({ type: 'claim.settled', version: 1, topic: 'medical-aid.claim', payload: claimSettledV1 }),
  claimPaid: defineEvent({ type: 'claim.paid', version: 1, topic: 'medical-aid.claim', payload: claimPaidV1 }),
  claimRejected: defineEvent({
    type: 'claim.rejected',
    version: 1,
    topic: 'medical-aid.claim',
    payload: claimRejectedV1,
  }),
} as const;
