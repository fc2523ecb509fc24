import { z } from 'zod';
import { defineEvent } from './envelope';

const idNumber = z.string().regex(/^\d{17}[\dX]$/, 'must be an 18-character resident ID number');
const villageCode = z.string().regex(/^\d{12}$/, 'must be a 12-digit village code');

export const householdRegisteredV1 = z.object({
  householdId: z.string().uuid(),
  villageCode,
  headName: z.string().min(1),
  headIdNumber: idNumber,
  memberCount: z.number().int().min(1),
  members: z.array(z.object({ idNumber, name: z.string().min(1), relation: z.string().min(1) })).min(1),
  registeredAt: z.string().datetime(),
});
export type HouseholdRegisteredV1 = z.infer<typeof householdRegisteredV1>;

export const householdUpdatedV1 = z.object({ householdId: z.string().uuid(), changes: z.record(z.string(), z.unknown()) });
export type HouseholdUpdatedV1 = z.infer<typeof householdUpdatedV1>;

export const identificationDecidedV1 = z.object({ householdId: z.string().uuid(), outcome: z.enum(['registered', 'refused']), reason: z.string().min(1) });
export type IdentificationDecidedV1 = z.infer<typeof identificationDecidedV1>;

export const objectionFiledV1 = z.object({ objectionId: z.string().uuid(), noticeId: z.string().uuid(), householdId: z.string().uuid().optional() });
export const objectionResolvedV1 = objectionFiledV1.extend({ outcome: z.enum(['upheld', 'dismissed']), reason: z.string().min(1) });

export const enrollmentDecidedV1 = z.object({
  householdId: z.string().uuid(),
  outcome: z.enum(['approved', 'rejected', 'expired']),
  decidedBy: z.string().optional(),
  reason: z.string().min(1),
});
export type EnrollmentDecidedV1 = z.infer<typeof enrollmentDecidedV1>;

/** Every event contract, versioned. A new version is a new entry; old ones stay until no producer emits them. */
export const contracts = {
  householdRegistered: defineEvent({ type: 'household.registered', version: 1, topic: 'identification.household', payload: householdRegisteredV1 }),
  householdUpdated: defineEvent({ type: 'household.updated', version: 1, topic: 'identification.household', payload: householdUpdatedV1 }),
  identificationDecided: defineEvent({ type: 'identification.decided', version: 1, topic: 'identification.decision', payload: identificationDecidedV1 }),
  objectionFiled: defineEvent({ type: 'objection.filed', version: 1, topic: 'notice.objection', payload: objectionFiledV1 }),
  objectionResolved: defineEvent({ type: 'objection.resolved', version: 1, topic: 'notice.objection', payload: objectionResolvedV1 }),
  enrollmentDecided: defineEvent({ type: 'enrollment.decided', version: 1, topic: 'medical-aid.enrollment', payload: enrollmentDecidedV1 }),
} as const;
