import { defineQuery, defineUpdate } from '@temporalio/workflow';

/**
 * Medical-aid enrollment (健康扶贫参保确认): when a household is registered as poor, a medical-aid
 * officer of its county confirms its members' enrollment, or the request expires and escalates.
 */
export interface MedicalEnrollmentInput {
  householdId: string;
  villageCode: string;
  countyCode: string;
  idNumbers: string[];
  /** How long the officer has to decide (configuration; seconds in tests, days in production). */
  decisionTimeoutMs: number;
}

export interface EnrollmentSigner {
  subject: string;
  role: string;
  jurisdiction: string;
}

export interface EnrollmentDecision {
  outcome: 'approved' | 'rejected';
  reason: string;
  signer: EnrollmentSigner;
}

export interface EnrollmentHistoryItem {
  step: string;
  at: string;
  by?: string;
  note?: string;
}

export interface MedicalEnrollmentState {
  step: 'awaiting_officer' | 'recording' | 'approved' | 'rejected' | 'expired';
  mustAct: string | null;
  deadline: string;
  history: EnrollmentHistoryItem[];
}

export const decideEnrollmentUpdate = defineUpdate<MedicalEnrollmentState, [EnrollmentDecision]>('decideEnrollment');
export const enrollmentStateQuery = defineQuery<MedicalEnrollmentState>('enrollmentState');

export function medicalEnrollmentWorkflowId(householdId: string): string {
  return `medical-enrollment:${householdId}`;
}

/** Activities the workflow calls on the medical-aid task queue (implemented by medical-aid-service). */
export interface MedicalAidActivities {
  recordEnrollmentDecision(input: {
    householdId: string;
    outcome: 'approved' | 'rejected' | 'expired';
    reason: string;
    signer: EnrollmentSigner | null;
  }): Promise<void>;
}
