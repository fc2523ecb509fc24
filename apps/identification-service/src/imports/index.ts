// Roster import (花名册导入) and the import-job machinery shared with exclusion loads.
export { runRosterImport, BATCH_HOUSEHOLDS, MAX_ROSTER_ROWS, type ImportActor } from './roster-import';
export { validateRoster, reportedErrors, type RosterHousehold, type RosterPerson } from './roster-validation';
export { type ImportJob, type JobStatus } from './import-jobs';
export { importJobActivities } from './import-job.activities';
export { getJob, jobErrors } from './import-job.repository';
export { ImportModule } from './import.module';
export { errorReportCsv, type ImportError } from './error-report';
