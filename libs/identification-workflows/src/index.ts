// For clients (identification-service) starting and talking to the identification workflows,
// and for the orchestrator's bundle entry (the workflow function itself).
export * from './round/definitions';
export { identificationRoundWorkflow } from './round/workflow';
export * from './exit/definitions';
export { householdExitWorkflow } from './exit/workflow';
export * from './review/definitions';
export { annualReviewWorkflow } from './review/workflow';
export * from './monitoring/definitions';
export { relapseMonitoringWorkflow } from './monitoring/workflow';
export * from './village-exit/definitions';
export { villageExitWorkflow } from './village-exit/workflow';
export * from './import-job/definitions';
export { importJobWorkflow } from './import-job/workflow';
export * from './screening/definitions';
export { screeningWorkflow } from './screening/workflow';
