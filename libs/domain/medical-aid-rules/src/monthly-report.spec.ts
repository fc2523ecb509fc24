import { buildMonthlyReport, type PaidClaim } from './monthly-report';

const claim = (over: Partial<PaidClaim>): PaidClaim => ({
  countyCode: '430523',
  idNumber: '43052319680314001X',
  registeredPoor: true,
  totalCost: 150000,
  inPolicyCost: 120000,
  basic: 67500,
  critical: 0,
  assistance: 31500,
  backstop: 9000,
  patientPays: 42000,
  patientShareLimitBp: 1000,
  ...over,
});

describe('monthly report (月度报表)', () => {
  it('totals each layer per county and counts people once', () => {
    const r = buildMonthlyReport([
      claim({}),
      claim({}),
      claim({ countyCode: '430524', idNumber: '430524199001010011' }),
    ]);
    expect(r.counties).toEqual([
      {
        countyCode: '430523',
        claims: 2,
        people: 1,
        totalCost: 300000,
        inPolicyCost: 240000,
        basic: 135000,
        critical: 0,
        assistance: 63000,
        backstop: 18000,
        patientPays: 84000,
      },
      {
        countyCode: '430524',
        claims: 1,
        people: 1,
        totalCost: 150000,
        inPolicyCost: 120000,
        basic: 67500,
        critical: 0,
        assistance: 31500,
        backstop: 9000,
        patientPays: 42000,
      },
    ]);
  });

  it('flags a person whose share of in-policy costs is over the limit, not one exactly at it; out-of-policy costs do not count', () => {
    // at the limit: 150000 − 30000 out of policy = 12000 of 120000 in policy = exactly 10 %
    const atLimit = claim({});
    // not poor: no assistance, no backstop → 52500 of 120000 = 43.75 %
    const over = claim({
      idNumber: '430523199001010011',
      registeredPoor: false,
      assistance: 0,
      backstop: 0,
      patientPays: 82500,
    });
    const r = buildMonthlyReport([atLimit, over]);
    expect(r.flagged).toEqual([
      {
        countyCode: '430523',
        idNumber: '430523199001010011',
        registeredPoor: false,
        inPolicyCost: 120000,
        inPolicyPatientShare: 52500,
        shareBp: 4375,
        limitBp: 1000,
      },
    ]);
  });

  it('sums a person over the month before comparing, and ignores people with no in-policy cost', () => {
    const a = claim({
      idNumber: '430523199001010011',
      inPolicyCost: 10000,
      totalCost: 10000,
      basic: 8000,
      assistance: 0,
      backstop: 0,
      patientPays: 2000,
    }); // 20 %
    const b = claim({
      idNumber: '430523199001010011',
      inPolicyCost: 90000,
      totalCost: 90000,
      basic: 90000,
      assistance: 0,
      backstop: 0,
      patientPays: 0,
    }); // 0 %
    expect(buildMonthlyReport([a, b]).flagged).toEqual([]); // 2000 of 100000 = 2 %
    expect(
      buildMonthlyReport([
        claim({ inPolicyCost: 0, totalCost: 500, basic: 0, assistance: 0, backstop: 0, patientPays: 500 }),
      ]).flagged,
    ).toEqual([]);
  });
});
