import type { Fen } from './fen';

/** One paid claim, as the monthly report (月度报表) reads it. */
export interface PaidClaim {
  countyCode: string;
  idNumber: string;
  registeredPoor: boolean;
  totalCost: Fen;
  inPolicyCost: Fen;
  basic: Fen;
  critical: Fen;
  assistance: Fen;
  backstop: Fen;
  patientPays: Fen;
  /** The policy's patient share limit (backstop.patientShareLimit), basis points of in-policy cost. */
  patientShareLimitBp: number;
}

export interface CountyTotals {
  countyCode: string;
  claims: number;
  people: number;
  totalCost: Fen;
  inPolicyCost: Fen;
  basic: Fen;
  critical: Fen;
  assistance: Fen;
  backstop: Fen;
  patientPays: Fen;
}

/** A person whose own share of in-policy costs over the month went over the limit (out-of-policy costs excluded). */
export interface FlaggedPerson {
  countyCode: string;
  idNumber: string;
  registeredPoor: boolean;
  inPolicyCost: Fen;
  /** What the person paid of in-policy costs: patientPays − (totalCost − inPolicyCost), summed. */
  inPolicyPatientShare: Fen;
  /** That share in basis points of in-policy cost, rounded down. */
  shareBp: number;
  limitBp: number;
}

export interface MonthlyReport {
  counties: CountyTotals[];
  flagged: FlaggedPerson[];
}

/** Totals per county of each layer, and the people over the patient-share limit, from the month's paid claims. */
export function buildMonthlyReport(claims: readonly PaidClaim[]): MonthlyReport {
  const counties = new Map<string, CountyTotals & { ids: Set<string> }>();
  const people = new Map<
    string,
    { countyCode: string; idNumber: string; registeredPoor: boolean; inPolicy: bigint; share: bigint; limitBp: number }
  >();
  for (const c of claims) {
    const t = counties.get(c.countyCode) ?? {
      countyCode: c.countyCode,
      claims: 0,
      people: 0,
      totalCost: 0,
      inPolicyCost: 0,
      basic: 0,
      critical: 0,
      assistance: 0,
      backstop: 0,
      patientPays: 0,
      ids: new Set<string>(),
    };
    t.claims += 1;
    t.ids.add(c.idNumber);
    t.totalCost += c.totalCost;
    t.inPolicyCost += c.inPolicyCost;
    t.basic += c.basic;
    t.critical += c.critical;
    t.assistance += c.assistance;
    t.backstop += c.backstop;
    t.patientPays += c.patientPays;
    counties.set(c.countyCode, t);
    const key = `${c.countyCode}/${c.idNumber}`;
    const p = people.get(key) ?? {
      countyCode: c.countyCode,
      idNumber: c.idNumber,
      registeredPoor: c.registeredPoor,
      inPolicy: 0n,
      share: 0n,
      limitBp: c.patientShareLimitBp,
    };
    p.inPolicy += BigInt(c.inPolicyCost);
    p.share += BigInt(Math.max(0, c.patientPays - (c.totalCost - c.inPolicyCost)));
    p.limitBp = Math.min(p.limitBp, c.patientShareLimitBp);
    people.set(key, p);
  }
  const flagged: FlaggedPerson[] = [];
  for (const p of people.values()) {
    if (p.inPolicy === 0n) continue;
    // over the limit: share / inPolicy > limit / 10000, compared exactly in integers
    if (p.share * 10_000n > p.inPolicy * BigInt(p.limitBp)) {
      flagged.push({
        countyCode: p.countyCode,
        idNumber: p.idNumber,
        registeredPoor: p.registeredPoor,
        inPolicyCost: Number(p.inPolicy),
        inPolicyPatientShare: Number(p.share),
        shareBp: Number((p.share * 10_000n) / p.inPolicy),
        limitBp: p.limitBp,
      });
    }
  }
  return {
    counties: [...counties.values()]
      .map(({ ids, ...t }) => ({ ...t, people: ids.size }))
      .sort((a, b) => a.countyCode.localeCompare(b.countyCode)),
    flagged: flagged.sort((a, b) => b.shareBp - a.shareBp || a.idNumber.localeCompare(b.idNumber)),
  };
}
