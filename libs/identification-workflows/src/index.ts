// For clients (identification-service) starting and talking to the identification workflows,
// and for the orchestrator's bundle entry (the workflow function itself).
export * from './round/definitions';
export { identificationRoundWorkflow } from './round/workflow';
