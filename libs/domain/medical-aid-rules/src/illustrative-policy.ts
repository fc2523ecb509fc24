import type { MedicalPolicy } from './settlement';

/**
 * The illustrative one-stop settlement policy (fen; rates in basis points) that tests, the e2e and the benchmark
 * settle against: township/county/city/province deductibles and rates, a two-segment critical-illness layer with
 * the poor's lower deductible and bonus, assistance and a backstop at 10 % of in-policy costs. Not a real county's.
 */
export const ILLUSTRATIVE_POLICY: MedicalPolicy = {
  basic: {
    deductible: { township: 10000, county: 30000, city: 80000, province: 120000 },
    rate: { township: 8500, county: 7500, city: 6500, province: 5500 },
    annualCap: 10000000,
  },
  outOfCountyRateCut: 500,
  critical: {
    deductible: 1200000,
    poorDeductible: 600000,
    segments: [
      { upTo: 4000000, rate: 5500 },
      { upTo: null, rate: 6500 },
    ],
    poorRateBonus: 500,
    annualCap: 25000000,
  },
  assistance: { rate: 6000, annualCap: 800000 },
  backstop: { patientShareLimit: 1000 },
};
