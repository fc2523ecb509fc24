// For clients (industry-service) starting and talking to the industry workflows,
// and for the orchestrator's bundle entry (the workflow functions themselves).
export * from './project-funds/definitions';
export { projectFundsWorkflow } from './project-funds/workflow';
export * from './dividends/definitions';
export { dividendDueWorkflow } from './dividends/workflow';
export * from './microcredit/definitions';
export { microcreditWorkflow } from './microcredit/workflow';
