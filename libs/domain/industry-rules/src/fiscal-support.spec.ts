import {
  type FiscalCatalogue,
  MAX_FISCAL_SUPPORT_FEN,
  checkFiscalCatalogue,
  checkSurvivalCheckDate,
  priceFiscalSupport,
  survivalCheckOpensOn,
  survivalRates,
} from './fiscal-support';

const catalogue: FiscalCatalogue = {
  year: 2026,
  items: [
    { code: 'cattle', unitPriceFen: 850_000, kind: 'livestock', survivalMonths: 6 }, // 8,500 yuan a head
    { code: 'sheep', unitPriceFen: 99_999, kind: 'livestock', survivalMonths: 3 },
    { code: 'tea', unitPriceFen: 37, kind: 'seedling', survivalMonths: 12 }, // 0.37 yuan a plant (株)
  ],
};

const fields = (r: { ok: boolean; violations?: { field: string; rule: string }[] }) =>
  r.ok ? [] : r.violations!.map((v) => [v.field, v.rule]);

describe('priceFiscalSupport', () => {
  it('prices each line as quantity × unit price, exactly, and the total as their sum', () => {
    const r = priceFiscalSupport({
      decidedOn: '2026-03-01',
      catalogue,
      lines: [
        { itemCode: 'cattle', quantity: 2 },
        { itemCode: 'sheep', quantity: 20 },
        { itemCode: 'tea', quantity: 3_333 },
      ],
    });
    expect(r.ok && r.lines.map((l) => [l.itemCode, l.amountFen])).toEqual([
      ['cattle', 1_700_000],
      ['sheep', 1_999_980],
      ['tea', 123_321],
    ]);
    expect(r.ok && r.totalFen).toBe(3_823_301);
  });

  it('is exact where floating point is not: 0.1 + 0.2 yuan-like prices sum to whole fen', () => {
    const items = [
      { code: 'a', unitPriceFen: 10, kind: 'other' as const, survivalMonths: 0 },
      { code: 'b', unitPriceFen: 20, kind: 'other' as const, survivalMonths: 0 },
    ];
    const r = priceFiscalSupport({
      decidedOn: '2026-12-31',
      catalogue: { year: 2026, items },
      lines: [
        { itemCode: 'a', quantity: 1 },
        { itemCode: 'b', quantity: 1 },
      ],
    });
    expect(r.ok && r.totalFen).toBe(30);
  });

  it('refuses the catalogue of another year than the day decided, naming catalogueYear', () => {
    const r = priceFiscalSupport({ decidedOn: '2027-01-01', catalogue, lines: [{ itemCode: 'cattle', quantity: 1 }] });
    expect(fields(r)).toEqual([['catalogueYear', 'catalogue_year']]);
  });

  it('refuses unknown and repeated items, and quantities that are not whole numbers above 0, naming the line', () => {
    const r = priceFiscalSupport({
      decidedOn: '2026-06-30',
      catalogue,
      lines: [
        { itemCode: 'cattle', quantity: 1 },
        { itemCode: 'pig', quantity: 1 },
        { itemCode: 'cattle', quantity: 1 },
        { itemCode: 'sheep', quantity: 1.5 },
        { itemCode: 'tea', quantity: 0 },
      ],
    });
    expect(fields(r)).toEqual([
      ['lines[1].itemCode', 'catalogue_item'],
      ['lines[2].itemCode', 'item_repeated'],
      ['lines[3].quantity', 'quantity'],
      ['lines[4].quantity', 'quantity'],
    ]);
    expect(fields(priceFiscalSupport({ decidedOn: '2026-06-30', catalogue, lines: [] }))).toEqual([
      ['lines', 'lines_required'],
    ]);
  });

  it('refuses a total above the maximum, counting beyond 2^53 exactly', () => {
    const big = { code: 'x', unitPriceFen: 2 ** 40, kind: 'other' as const, survivalMonths: 0 };
    const r = priceFiscalSupport({
      decidedOn: '2026-01-01',
      catalogue: { year: 2026, items: [big] },
      lines: [{ itemCode: 'x', quantity: 2 ** 20 }],
    });
    expect(fields(r)).toEqual([['lines', 'support_total']]);
    const atMax = priceFiscalSupport({
      decidedOn: '2026-01-01',
      catalogue: { year: 2026, items: [{ ...big, unitPriceFen: MAX_FISCAL_SUPPORT_FEN / 4 }] },
      lines: [{ itemCode: 'x', quantity: 4 }],
    });
    expect(atMax.ok && atMax.totalFen).toBe(MAX_FISCAL_SUPPORT_FEN);
  });
});

describe('checkFiscalCatalogue', () => {
  it('refuses repeated codes, prices not whole positive fen and survival months outside 0–60', () => {
    const r = checkFiscalCatalogue([
      { code: 'a', unitPriceFen: 100, kind: 'other', survivalMonths: 0 },
      { code: 'a', unitPriceFen: 0, kind: 'other', survivalMonths: 61 },
      { code: 'b', unitPriceFen: 1.5, kind: 'other', survivalMonths: 60 },
    ]);
    expect(r.map((v) => [v.field, v.rule])).toEqual([
      ['items[1].code', 'catalogue_item_repeated'],
      ['items[1].unitPriceFen', 'unit_price'],
      ['items[1].survivalMonths', 'survival_months'],
      ['items[2].unitPriceFen', 'unit_price'],
    ]);
  });
});

describe('the survival check opens on delivery + N months, at month ends clamped', () => {
  it.each([
    ['2026-03-15', 6, '2026-09-15'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'], // leap year
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-01-30', 3, '2026-04-30'],
    ['2026-05-31', 1, '2026-06-30'],
    ['2026-02-28', 1, '2026-03-28'], // from the day delivered, not from the month's end
    ['2026-12-31', 2, '2027-02-28'],
    ['2026-07-10', 0, '2026-07-10'],
  ])('delivered %s, %i months → %s', (deliveredOn, months, opens) => {
    expect(survivalCheckOpensOn(deliveredOn, [{ survivalMonths: months }])).toBe(opens);
  });

  it('waits for the longest of the lines', () => {
    expect(survivalCheckOpensOn('2026-01-31', [{ survivalMonths: 1 }, { survivalMonths: 12 }])).toBe('2027-01-31');
  });

  it('is possible on the day it opens, refused the day before naming that day', () => {
    expect(checkSurvivalCheckDate('2027-02-28', '2027-02-28')).toEqual([]);
    expect(checkSurvivalCheckDate('2027-03-01', '2027-02-28')).toEqual([]);
    const early = checkSurvivalCheckDate('2027-02-27', '2027-02-28');
    expect(early.map((v) => [v.field, v.rule])).toEqual([['checkedOn', 'survival_check_too_early']]);
    expect(early[0].message.en).toContain('2027-02-28');
    expect(checkSurvivalCheckDate('2027-02-29', '2027-02-28').map((v) => v.rule)).toEqual(['date']);
  });
});

describe('survivalRates', () => {
  const delivered = [
    { itemCode: 'cattle', quantity: 2 },
    { itemCode: 'tea', quantity: 3 },
  ];

  it('gives each line its rate in basis points, half-up', () => {
    const r = survivalRates(delivered, [
      { itemCode: 'tea', surviving: 2 },
      { itemCode: 'cattle', surviving: 2 },
    ]);
    expect(r.ok && r.lines).toEqual([
      { itemCode: 'cattle', quantity: 2, surviving: 2, survivalRateBp: 10_000 },
      { itemCode: 'tea', quantity: 3, surviving: 2, survivalRateBp: 6_667 }, // 6666.67 → 6667
    ]);
    const third = survivalRates([{ itemCode: 'tea', quantity: 3 }], [{ itemCode: 'tea', surviving: 1 }]);
    expect(third.ok && third.lines[0].survivalRateBp).toBe(3_333);
  });

  it('refuses lines not delivered, repeated, missing, or more surviving than delivered', () => {
    const r = survivalRates(delivered, [
      { itemCode: 'cattle', surviving: 3 },
      { itemCode: 'pig', surviving: 1 },
      { itemCode: 'cattle', surviving: 1 },
    ]);
    expect(fields(r)).toEqual([
      ['lines[0].surviving', 'surviving'],
      ['lines[1].itemCode', 'support_line'],
      ['lines[2].itemCode', 'item_repeated'],
      ['lines', 'lines_complete'],
    ]);
  });
});
