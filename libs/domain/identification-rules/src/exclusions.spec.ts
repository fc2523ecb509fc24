import {
  EXCLUSION_COLUMNS,
  EXCLUSION_SOURCES,
  EXCLUSION_SOURCE_LABELS,
  type ExclusionRecord,
  isCreditCode,
  matchExclusions,
  normaliseIdNumber,
  parseExclusionRow,
  recordExcludes,
} from './exclusions';
import { residentIdCheckDigit } from './resident-id';

/** A valid resident ID number for a birth date and sequence. */
const rid = (birth: string, seq = '123'): string => {
  const first17 = `430524${birth}${seq}`;
  return first17 + residentIdCheckDigit(first17);
};
const HEAD = rid('19700101', '011');
const SPOUSE = rid('19720202', '022');
const CHILD = rid('20050505', '033');
// one whose check character is X
const WITH_X = (() => {
  for (let s = 100; s < 999; s++) {
    const id = rid('19800808', String(s));
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X vector');
})();

const members = [
  { idNumber: HEAD, name: '王大山' },
  { idNumber: SPOUSE, name: '阿依古丽·买买提' },
  { idNumber: CHILD, name: '王小明' },
];
const rec = (over: Partial<ExclusionRecord>): ExclusionRecord => ({
  source: 'vehicle',
  idNumber: HEAD,
  loadedAt: '2020-03-01T08:00:00Z',
  batchId: 'b-1',
  ...over,
});

describe('exclusion sources (四不列)', () => {
  it('has the four sources, each labelled and with its columns', () => {
    expect(EXCLUSION_SOURCES).toEqual(['vehicle', 'commercial_housing', 'public_payroll', 'business_registration']);
    for (const s of EXCLUSION_SOURCES) {
      expect(EXCLUSION_SOURCE_LABELS[s]['zh-CN']).not.toBe('');
      expect(EXCLUSION_COLUMNS[s][0]).toMatchObject({ name: 'idNumber', required: true });
    }
  });

  it('normalises ID numbers: trimmed, uppercase X', () => {
    expect(normaliseIdNumber(`  ${WITH_X.toLowerCase()} `)).toBe(WITH_X);
  });
});

describe('matchExclusions', () => {
  it('no records, no relatives: not excluded, nothing flagged', () => {
    expect(matchExclusions(members, [], [])).toEqual({
      excluded: false,
      hits: [],
      flaggedForTownshipReview: false,
      relativeHits: [],
      reasons: [],
    });
  });

  it('excludes on each of the four sources, recording source, member, detail, load time and batch', () => {
    for (const source of EXCLUSION_SOURCES) {
      const r = matchExclusions(members, [rec({ source, idNumber: SPOUSE, detail: { x: 1 }, batchId: `b-${source}` })]);
      expect(r.excluded).toBe(true);
      expect(r.hits).toEqual([
        {
          source,
          idNumber: SPOUSE,
          memberName: '阿依古丽·买买提',
          detail: { x: 1 },
          loadedAt: '2020-03-01T08:00:00Z',
          batchId: `b-${source}`,
          excludes: true,
        },
      ]);
      expect(r.reasons[0]['zh-CN']).toContain('阿依古丽·买买提');
    }
  });

  it('ignores records of people outside the household', () => {
    expect(matchExclusions(members, [rec({ idNumber: rid('19900909', '044') })]).excluded).toBe(false);
  });

  it('matches regardless of case of X and surrounding spaces on either side', () => {
    const household = [{ idNumber: ` ${WITH_X.toLowerCase()}`, name: '李四' }];
    const r = matchExclusions(household, [rec({ source: 'public_payroll', idNumber: `${WITH_X.slice(0, 17)}x  ` })]);
    expect(r).toMatchObject({ excluded: true, hits: [{ idNumber: WITH_X, memberName: '李四' }] });
  });

  it('a productive vehicle (农用车) is recorded but does not exclude', () => {
    const r = matchExclusions(members, [rec({ detail: { vehicleType: '农用车', productive: true } })]);
    expect(r).toMatchObject({ excluded: false, hits: [{ source: 'vehicle', excludes: false }], reasons: [] });
    expect(recordExcludes({ source: 'vehicle', detail: { productive: true } })).toBe(false);
  });

  it('a non-productive vehicle, or one without the flag, excludes; "productive" only counts for vehicles', () => {
    expect(matchExclusions(members, [rec({ detail: { productive: false } })]).excluded).toBe(true);
    expect(matchExclusions(members, [rec({})]).excluded).toBe(true);
    expect(matchExclusions(members, [rec({ detail: { productive: 'true' } })]).excluded).toBe(true); // must be boolean true
    expect(recordExcludes({ source: 'business_registration', detail: { productive: true } })).toBe(true);
  });

  it('a productive vehicle plus another source still excludes', () => {
    const r = matchExclusions(members, [
      rec({ detail: { productive: true } }),
      rec({ source: 'commercial_housing', idNumber: CHILD }),
    ]);
    expect(r.excluded).toBe(true);
    expect(r.hits.map((h) => [h.source, h.excludes])).toEqual([
      ['vehicle', false],
      ['commercial_housing', true],
    ]);
  });

  it('keeps every hit, in member order then record order (also the same source from two batches)', () => {
    const r = matchExclusions(members, [
      rec({ source: 'business_registration', idNumber: CHILD, batchId: 'b-3' }),
      rec({ source: 'vehicle', idNumber: HEAD, batchId: 'b-1' }),
      rec({ source: 'vehicle', idNumber: HEAD, batchId: 'b-2', loadedAt: '2020-04-01T08:00:00Z' }),
    ]);
    expect(r.hits.map((h) => [h.memberName, h.batchId])).toEqual([
      ['王大山', 'b-1'],
      ['王大山', 'b-2'],
      ['王小明', 'b-3'],
    ]);
  });

  it('a member listed twice is matched once', () => {
    expect(matchExclusions([...members, members[0]], [rec({})]).hits).toHaveLength(1);
  });

  it('a cadre relative is never excluded, only flagged for township review', () => {
    const r = matchExclusions(members, [], [{ idNumber: SPOUSE, cadreName: '王支书', relation: '妹妹' }]);
    expect(r).toEqual({
      excluded: false,
      hits: [],
      flaggedForTownshipReview: true,
      relativeHits: [{ idNumber: SPOUSE, memberName: '阿依古丽·买买提', cadreName: '王支书', relation: '妹妹' }],
      reasons: [
        {
          'zh-CN': '成员阿依古丽·买买提是村干部王支书的妹妹，需乡镇审核',
          en: 'member 阿依古丽·买买提 is related to village cadre 王支书 (妹妹); township review required',
        },
      ],
    });
  });

  it('reports an exclusion and a relative flag together', () => {
    const r = matchExclusions(
      members,
      [rec({ source: 'public_payroll' })],
      [{ idNumber: CHILD.toLowerCase(), cadreName: '张主任', relation: '外甥' }],
    );
    expect(r).toMatchObject({ excluded: true, flaggedForTownshipReview: true });
    expect(r.reasons).toHaveLength(2);
  });

  it('throws on a record of an unknown source (programmer error)', () => {
    expect(() => matchExclusions(members, [rec({ source: 'pets' as 'vehicle' })])).toThrow(RangeError);
  });
});

describe('parseExclusionRow (bulk load, one row)', () => {
  const asOf = '2020-06-30';

  it('parses a vehicle row with canonical column names', () => {
    expect(
      parseExclusionRow(
        'vehicle',
        { idNumber: ` ${HEAD} `, name: '王大山', plateNumber: '湘E12345', vehicleType: '小型轿车' },
        2,
        asOf,
      ),
    ).toEqual({
      ok: true,
      value: {
        source: 'vehicle',
        idNumber: HEAD,
        detail: { name: '王大山', plateNumber: '湘E12345', vehicleType: '小型轿车', productive: false },
      },
    });
  });

  it('accepts Chinese headers', () => {
    expect(
      parseExclusionRow('vehicle', { 身份证号码: HEAD, 号牌号码: '湘E12345', 车辆类型: '拖拉机' }, 2, asOf),
    ).toMatchObject({ ok: true, value: { detail: { productive: true } } });
  });

  it('derives "productive" from the vehicle type unless the file says it', () => {
    expect(
      parseExclusionRow('vehicle', { idNumber: HEAD, plateNumber: 'x', vehicleType: '农用车' }, 2, asOf),
    ).toMatchObject({ value: { detail: { productive: true } } });
    expect(
      parseExclusionRow(
        'vehicle',
        { idNumber: HEAD, plateNumber: 'x', vehicleType: '农用车', productive: '否' },
        2,
        asOf,
      ),
    ).toMatchObject({ value: { detail: { productive: false } } });
    expect(
      parseExclusionRow('vehicle', { idNumber: HEAD, plateNumber: 'x', productive: 'TRUE' }, 2, asOf),
    ).toMatchObject({ value: { detail: { productive: true } } });
    expect(
      parseExclusionRow('vehicle', { idNumber: HEAD, plateNumber: 'x', productive: 'maybe' }, 7, asOf),
    ).toMatchObject({
      ok: false,
      violations: [{ row: 7, column: 'productive', rule: 'yes_no' }],
    });
  });

  it('normalises a lowercase x in the ID number', () => {
    expect(
      parseExclusionRow('public_payroll', { idNumber: WITH_X.toLowerCase(), employer: '某县教育局' }, 3, asOf),
    ).toMatchObject({ ok: true, value: { idNumber: WITH_X } });
  });

  it('reports each broken cell with row, column, rule and a zh-CN/en message', () => {
    const bad = `${HEAD.slice(0, 17)}${HEAD[17] === '0' ? '1' : '0'}`;
    const r = parseExclusionRow(
      'commercial_housing',
      { 身份证号码: bad, address: '', area: '-3', registeredOn: '2020-02-30' },
      12,
      asOf,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.violations.map((v) => [v.row, v.column, v.rule])).toEqual([
        [12, '身份证号码', 'id_check_digit'],
        [12, 'address', 'required'],
        [12, 'area', 'area'],
        [12, 'registeredOn', 'date'],
      ]);
      for (const v of r.violations) {
        expect(v.field).toBe(v.column);
        expect(v.message['zh-CN']).not.toBe('');
        expect(v.message.en).not.toBe('');
      }
    }
  });

  it('requires the ID number and the source-specific required column', () => {
    expect(parseExclusionRow('public_payroll', {}, 4, asOf)).toMatchObject({
      ok: false,
      violations: [
        { column: 'idNumber', rule: 'required' },
        { column: 'employer', rule: 'required' },
      ],
    });
    expect(parseExclusionRow('business_registration', { idNumber: HEAD, businessName: '   ' }, 5, asOf)).toMatchObject({
      ok: false,
      violations: [{ column: 'businessName', rule: 'required' }],
    });
  });

  it('refuses a birth date after asOf inside the ID number', () => {
    expect(parseExclusionRow('public_payroll', { idNumber: rid('20210101'), employer: 'x' }, 6, asOf)).toMatchObject({
      ok: false,
      violations: [{ rule: 'id_birth_date' }],
    });
  });

  it('checks the unified social credit code check character (GB 32100)', () => {
    expect(isCreditCode('91440300708461136T')).toBe(true);
    expect(isCreditCode('914403001922038216')).toBe(true);
    expect(isCreditCode('914403001922038217')).toBe(false);
    expect(isCreditCode('91440300708461136I')).toBe(false); // I is not in the alphabet
    expect(
      parseExclusionRow(
        'business_registration',
        { idNumber: HEAD, businessName: '某某养殖场', creditCode: '91440300708461136t' },
        8,
        asOf,
      ),
    ).toMatchObject({
      ok: true,
      value: { detail: { businessName: '某某养殖场', creditCode: '91440300708461136T' } },
    });
    expect(
      parseExclusionRow(
        'business_registration',
        { idNumber: HEAD, businessName: '某某养殖场', creditCode: '123' },
        8,
        asOf,
      ),
    ).toMatchObject({
      ok: false,
      violations: [{ column: 'creditCode', rule: 'credit_code' }],
    });
  });

  it('parses the area as a number and refuses a registration date in the future', () => {
    expect(
      parseExclusionRow(
        'commercial_housing',
        { idNumber: HEAD, address: '县城某小区', area: '89.50', registeredOn: '2019-05-01' },
        9,
        asOf,
      ),
    ).toMatchObject({
      ok: true,
      value: { detail: { address: '县城某小区', area: 89.5, registeredOn: '2019-05-01' } },
    });
    expect(
      parseExclusionRow('commercial_housing', { idNumber: HEAD, address: 'x', registeredOn: '2021-01-01' }, 9, asOf),
    ).toMatchObject({ ok: false, violations: [{ rule: 'date' }] });
  });

  it('refuses oversized cells and ignores unknown columns', () => {
    expect(parseExclusionRow('public_payroll', { idNumber: HEAD, employer: 'x'.repeat(201) }, 10, asOf)).toMatchObject({
      ok: false,
      violations: [{ column: 'employer', rule: 'too_long' }],
    });
    expect(
      parseExclusionRow('public_payroll', { idNumber: HEAD, employer: '乡政府', extra: 'ignored' }, 10, asOf),
    ).toEqual({
      ok: true,
      value: { source: 'public_payroll', idNumber: HEAD, detail: { employer: '乡政府' } },
    });
  });

  it('parsed rows feed matchExclusions', () => {
    const parsed = parseExclusionRow(
      'vehicle',
      { idNumber: HEAD, plateNumber: '湘E1', vehicleType: '小型轿车' },
      2,
      asOf,
    );
    if (!parsed.ok) throw new Error('expected ok');
    const r = matchExclusions(members, [{ ...parsed.value, loadedAt: '2020-06-30T10:00:00Z', batchId: 'b-9' }]);
    expect(r).toMatchObject({
      excluded: true,
      hits: [{ batchId: 'b-9', detail: { plateNumber: '湘E1', productive: false } }],
    });
  });

  it('throws on an unknown source (programmer error)', () => {
    expect(() => parseExclusionRow('pets' as 'vehicle', {}, 1, asOf)).toThrow(RangeError);
  });
});
