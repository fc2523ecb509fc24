import {
  actorRefusal,
  deadlineDueAt,
  divisionAt,
  escalationAt,
  nextEscalation,
  signerRecord,
  type RelocationActor,
} from './actors-and-deadlines';

const VILLAGE = '430524101201';
const what = { 'zh-CN': '测试', en: 'testing' };
const office: RelocationActor = { role: 'department_officer', level: 'county', departments: ['relocation'] };

describe('escalationAt (the platform ladder, restated)', () => {
  it('climbs one level per miss and ends at the county with the workflow operator', () => {
    const rungs = (level: 'village' | 'township' | 'county') =>
      [1, 2, 3, 4].map((n) => {
        const e = escalationAt(level, n);
        return `${e.level}${e.alertWorkflowOperator ? '+op' : ''}`;
      });
    expect(rungs('village')).toEqual(['township', 'county', 'county+op', 'county+op']);
    expect(rungs('township')).toEqual(['county', 'county+op', 'county+op', 'county+op']);
    expect(rungs('county')).toEqual(['county+op', 'county+op', 'county+op', 'county+op']);
    expect(escalationAt('village', 1).role).toBe('township_reviewer');
    expect(escalationAt('village', 2).role).toBe('county_approver');
    expect(() => escalationAt('village', 0)).toThrow(RangeError);
  });
  it('counts misses and restarts the clock at each rung', () => {
    const first = nextEscalation('village', null, '2026-01-01T00:00:00.000Z');
    const second = nextEscalation('village', first, '2026-01-11T00:00:00.000Z');
    expect(second).toMatchObject({ times: 2, to: { level: 'county' } });
    expect(deadlineDueAt('2025-12-01T00:00:00.000Z', null, 86_400)).toBe('2025-12-02T00:00:00.000Z');
    expect(deadlineDueAt('2025-12-01T00:00:00.000Z', second, 86_400)).toBe('2026-01-12T00:00:00.000Z');
    expect(divisionAt('township', VILLAGE)).toBe('430524101');
    expect(divisionAt('county', VILLAGE)).toBe('430524');
  });
});

describe('actorRefusal', () => {
  it('accepts a department officer of the right department over the county', () => {
    const p = {
      subject: 'r',
      role: 'department_officer',
      jurisdiction: { kind: 'department', department: 'relocation', divisionCode: '430524' },
    } as const;
    expect(actorRefusal([office], what, p, VILLAGE)).toBeNull();
    expect(signerRecord(p)).toEqual({
      subject: 'r',
      role: 'department_officer',
      jurisdiction: 'dept:relocation@430524',
    });
  });
  it('refuses another department, another county, no division, or a division role holding a department', () => {
    const dept = (department: string, divisionCode?: string) => ({
      subject: 'x',
      role: 'department_officer',
      jurisdiction: { kind: 'department' as const, department, ...(divisionCode ? { divisionCode } : {}) },
    });
    expect(actorRefusal([office], what, dept('industry', '430524'), VILLAGE)?.rule).toBe('wrong_role');
    expect(actorRefusal([office], what, dept('relocation', '430523'), VILLAGE)?.rule).toBe('out_of_jurisdiction');
    expect(actorRefusal([office], what, dept('relocation'), VILLAGE)?.rule).toBe('wrong_level');
    expect(actorRefusal([office], what, dept('relocation', '430524101'), VILLAGE)?.rule).toBe('wrong_level');
    const cadre: RelocationActor = { role: 'village_cadre', level: 'village' };
    expect(
      actorRefusal(
        [cadre],
        what,
        {
          subject: 'c',
          role: 'village_cadre',
          jurisdiction: { kind: 'department', department: 'relocation', divisionCode: VILLAGE },
        },
        VILLAGE,
      )?.rule,
    ).toBe('wrong_role');
    expect(actorRefusal([cadre], what, undefined, VILLAGE)).toMatchObject({ rule: 'wrong_role', field: 'by' });
  });
});
