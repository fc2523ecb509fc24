// Exclusion cross-checks (四不列): department data loads, cadre relatives, and the per-household check.
export { checkExclusions, checkExclusionsForHouseholds, type HouseholdExclusionCheck } from './check-exclusions';
export { runExclusionLoad } from './exclusion-load';
export { ExclusionRepository, type ExclusionBatchView } from './exclusion.repository';
export { ExclusionModule } from './exclusion.module';
