// For clients (relocation-service) starting and talking to the relocation workflows,
// and for the orchestrator's bundle entry (the workflow function itself).
export * from './relocation-case/definitions';
export { relocationCaseWorkflow } from './relocation-case/workflow';
