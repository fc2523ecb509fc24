import { checkMicrocredit } from './microcredit';

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
