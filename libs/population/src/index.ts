// One synthetic population for benchmarks, demos and tests (issue 12): seeded draws, names, ethnicities, poverty
// causes, household composition and resident ID numbers, and the county roster and survey files built on them.
export * from './random';
export * from './dates';
export * from './names';
export * from './causes';
export * from './household';
export * from './resident-id';
export * from './roster';
export * from './surveys';
