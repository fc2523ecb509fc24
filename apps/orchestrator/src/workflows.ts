// Entry point of the orchestration worker's bundle: every department's workflow functions, nothing else.
export { medicalClaimWorkflow, medicalEnrollmentWorkflow, medicalMonthlyReportWorkflow } from '@fupin/workflows';
export { identificationRoundWorkflow } from '@fupin/identification-workflows';
export { householdExitWorkflow } from '@fupin/identification-workflows';
export { annualReviewWorkflow } from '@fupin/identification-workflows';
export { relapseMonitoringWorkflow } from '@fupin/identification-workflows';
export { villageExitWorkflow } from '@fupin/identification-workflows';
export { importJobWorkflow } from '@fupin/identification-workflows';
export { screeningWorkflow } from '@fupin/identification-workflows';
export { relocationCaseWorkflow } from '@fupin/relocation-workflows';
export { projectFundsWorkflow } from '@fupin/industry-workflows';
export { dividendDueWorkflow } from '@fupin/industry-workflows';
export { microcreditWorkflow } from '@fupin/industry-workflows';
