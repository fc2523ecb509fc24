import type { MonitoringActivities } from '@fupin/identification-workflows';
import type { ServiceRuntime } from '@fupin/service-kit';
import { activityIdempotencyKey } from '@fupin/workflow-runtime';
import type { IdentificationConfig } from '../config';
import {
  clearingFacts,
  noticeHead,
  recheckHousehold,
  recordClearing,
  recordClearingEscalation,
  recordEscalation,
  recordMeasure,
  recordRelapse,
} from './monitoring.repository';

/** 防止返贫监测 activities on the identification task queue: only this service writes the register. */
export function monitoringActivities(runtime: ServiceRuntime<IdentificationConfig>): MonitoringActivities {
  const db = runtime.db;
  const { monitoring, policyOverrides } = runtime.config;
  return {
    recheckHousehold: (input) => recheckHousehold(db, policyOverrides, input, activityIdempotencyKey()),
    recordRelapse: (input) => recordRelapse(db, input, activityIdempotencyKey()),
    recordMeasure: (input) => recordMeasure(db, input),
    recordEscalation: (input) => recordEscalation(db, input, activityIdempotencyKey()),
    recordClearingEscalation: (input) => recordClearingEscalation(db, input, activityIdempotencyKey()),
    clearingFacts: (input) => clearingFacts(db, input, monitoring.monthSeconds),
    noticeHead: ({ householdId }) => noticeHead(db, householdId),
    recordClearing: (input) => recordClearing(db, input, activityIdempotencyKey()),
  };
}
