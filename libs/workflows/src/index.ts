// For clients (services) starting and talking to workflows. The worker loads ./workflows instead.
export * from './task-queues';
export * from '@fupin/refusals';
export * from './medical-enrollment/definitions';
export * from './notice/definitions';
export { medicalEnrollmentWorkflow } from './medical-enrollment/workflow';
export * from './medical-claim/definitions';
export { medicalClaimWorkflow } from './medical-claim/workflow';
export * from './medical-report/definitions';
export { medicalMonthlyReportWorkflow } from './medical-report/workflow';
