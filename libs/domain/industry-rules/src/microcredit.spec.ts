import { checkMicrocredit, checkMicrocreditOn } from './microcredit';

const ok = { amountFen: 5_000_000, termMonths: 36, borrowerAge: 18, registered: true };

describe('checkMicrocredit (扶贫小额信贷)', () => {
  it('accepts an application at the limits', () => {
    expect(checkMicrocredit(ok)).toEqual([]);
    expect(checkMicrocredit({ ...ok, borrowerAge: 65, amountFen: 1 })).toEqual([]);
  });

  it('reports every broken rule with field, rule and messages', () => {
    const v = checkMicrocredit({ amountFen: 5_000_001, termMonths: 37, borrowerAge: 66, registered: false });
    expect(v.map((x) => [x.field, x.rule])).toEqual([
      ['amountFen', 'max_amount'],
      ['termMonths', 'max_term'],
      ['borrowerAge', 'max_age'],
      ['registered', 'registered_household'],
    ]);
    expect(v[0].message['zh-CN']).toBe('贷款金额不得超过50,000元');
    expect(v[0].message.en).toBe('loan amount must not exceed 50,000 yuan');
  });

  it('refuses malformed values', () => {
    expect(checkMicrocredit({ ...ok, amountFen: 0 }).map((x) => x.rule)).toEqual(['positive_integer_fen']);
    expect(checkMicrocredit({ ...ok, amountFen: 100.5 }).map((x) => x.rule)).toEqual(['positive_integer_fen']);
    expect(checkMicrocredit({ ...ok, termMonths: 0 }).map((x) => x.rule)).toEqual(['positive_integer']);
    expect(checkMicrocredit({ ...ok, borrowerAge: 17 }).map((x) => x.rule)).toEqual(['min_age']);
    expect(checkMicrocredit({ ...ok, borrowerAge: Number.NaN }).map((x) => x.rule)).toEqual(['integer_age']);
  });

  it('takes configured limits', () => {
    expect(checkMicrocredit({ ...ok, amountFen: 8_000_000 }, { maxAmountFen: 10_000_000 })).toEqual([]);
    expect(checkMicrocredit({ ...ok, borrowerAge: 65 }, { maxBorrowerAge: 60 }).map((x) => x.rule)).toEqual([
      'max_age',
    ]);
  });
});

describe('checkMicrocreditOn (exact age on the application date)', () => {
  const applicant = { amountFen: 5_000_000, termMonths: 36, registered: true };
  const rules = (v: { field: string; rule: string }[]) => v.map((x) => [x.field, x.rule]);

  it('born exactly 18 years before the application date is 18: allowed; a day later: refused', () => {
    expect(checkMicrocreditOn({ ...applicant, birthDate: '2008-03-10' }, '2026-03-10')).toEqual([]);
    expect(checkMicrocreditOn({ ...applicant, residentId: '520102200803101232' }, '2026-03-10')).toEqual([]);
    expect(rules(checkMicrocreditOn({ ...applicant, birthDate: '2008-03-10' }, '2026-03-09'))).toEqual([
      ['borrowerAge', 'min_age'],
    ]);
    expect(rules(checkMicrocreditOn({ ...applicant, residentId: '520102200803111238' }, '2026-03-10'))).toEqual([
      ['borrowerAge', 'min_age'],
    ]);
  });

  it('the 66th birthday on the application date is 66: refused; the day before: 65, allowed', () => {
    expect(rules(checkMicrocreditOn({ ...applicant, residentId: '520102196003101235' }, '2026-03-10'))).toEqual([
      ['borrowerAge', 'max_age'],
    ]);
    expect(checkMicrocreditOn({ ...applicant, residentId: '520102196003101235' }, '2026-03-09')).toEqual([]);
    expect(checkMicrocreditOn({ ...applicant, residentId: '520102196003111230' }, '2026-03-10')).toEqual([]);
  });

  it('29 February births: the birthday counts on 1 March in a common year', () => {
    expect(rules(checkMicrocreditOn({ ...applicant, birthDate: '2008-02-29' }, '2026-02-28'))).toEqual([
      ['borrowerAge', 'min_age'],
    ]);
    expect(checkMicrocreditOn({ ...applicant, birthDate: '2008-02-29' }, '2026-03-01')).toEqual([]);
    expect(checkMicrocreditOn({ ...applicant, residentId: '520102196002291233' }, '2026-02-28')).toEqual([]);
    expect(rules(checkMicrocreditOn({ ...applicant, residentId: '520102196002291233' }, '2026-03-01'))).toEqual([
      ['borrowerAge', 'max_age'],
    ]);
  });

  it('reports an unreadable birth date with the other broken rules, in field order', () => {
    expect(
      rules(
        checkMicrocreditOn({ amountFen: 0, termMonths: 37, registered: false, birthDate: '2008-02-30' }, '2026-03-01'),
      ),
    ).toEqual([
      ['amountFen', 'positive_integer_fen'],
      ['termMonths', 'max_term'],
      ['birthDate', 'date'],
      ['registered', 'registered_household'],
    ]);
  });

  it('takes configured limits', () => {
    expect(checkMicrocreditOn({ ...applicant, birthDate: '1960-03-10' }, '2026-03-10', { maxBorrowerAge: 66 })).toEqual(
      [],
    );
  });
});
