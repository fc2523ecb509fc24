// Exclusion cross-checks (四不列): department data loads, cadre relatives, and the per-household check.
export { checkExclusions, checkExclusionsForHouseholds, type HouseholdExclusionCheck } from './check-exclusions';
export { listExclusionBatches, runExclusionLoad, type ExclusionBatchView } from './exclusion-load';
export { listCadreRelatives, saveCadreRelatives } from './cadre-relatives';
