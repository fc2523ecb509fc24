// Entry point the orchestration worker bundles: every workflow function, nothing else.
export { medicalEnrollmentWorkflow } from './medical-enrollment/workflow';
