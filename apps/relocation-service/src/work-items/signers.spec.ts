import type { Principal } from '@fupin/auth';
import { actionsSignedBy, readerOf, signerRole } from '@fupin/service-kit';
import { CASE_ACTORS } from './work-item.service';

const principal = (role: Principal['role'], jurisdiction: Principal['jurisdiction']): Principal => ({
  subject: 's',
  role,
  jurisdiction,
});
const division = (code: string) => ({ kind: 'division' as const, code });
const dept = (department: 'relocation' | 'housing' | 'finance', divisionCode?: string) => ({
  kind: 'department' as const,
  department,
  ...(divisionCode ? { divisionCode } : {}),
});

describe('who signs which action of a case', () => {
  it('reads the level from the division code, a department from its division; none without one', () => {
    expect(readerOf(principal('village_cadre', division('430523101201')))).toEqual({
      role: 'village_cadre',
      code: '430523101201',
      level: 'village',
      department: null,
    });
    expect(readerOf(principal('department_officer', dept('housing', '430523')))).toMatchObject({
      code: '430523',
      level: 'county',
      department: 'housing',
    });
    expect(readerOf(principal('department_officer', dept('relocation')))).toBeNull();
    expect(readerOf(principal('auditor', division('43')))).toBeNull();
  });

  const signed = (p: Principal) => actionsSignedBy(CASE_ACTORS, readerOf(p)!);

  it("gives each signer the rules' actions: village, township, relocation office, supervisor", () => {
    expect(signed(principal('village_cadre', division('430523101201')))).toEqual([
      'plan',
      'move_in',
      'reclamation',
      'follow_up',
    ]);
    expect(signed(principal('township_reviewer', division('430523101')))).toEqual(['township_review']);
    expect(signed(principal('department_officer', dept('relocation', '430523')))).toEqual([
      'county_approval',
      'milestone',
      'tranche_approval',
      'follow_up',
    ]);
    expect(signed(principal('department_officer', dept('housing', '430523')))).toEqual(['milestone']);
  });

  it('gives nothing to the wrong level or department, nor to the county approver (only escalations reach it)', () => {
    expect(signed(principal('department_officer', dept('relocation', '430523101')))).toEqual([]);
    expect(signed(principal('department_officer', dept('finance', '430523')))).toEqual([]);
    expect(signed(principal('township_reviewer', division('430523101201')))).toEqual([]);
    expect(signed(principal('county_approver', division('430523')))).toEqual([]);
  });

  it("names the reader's role when they sign the action, else its first signer's", () => {
    const office = readerOf(principal('department_officer', dept('relocation', '430523')))!;
    const county = readerOf(principal('county_approver', division('430523')))!;
    expect(signerRole(CASE_ACTORS.follow_up, office)).toBe('department_officer');
    expect(signerRole(CASE_ACTORS.follow_up, county)).toBe('village_cadre');
    expect(signerRole(undefined, county)).toBe('');
  });
});

describe('a workflow operator (流程运维)', () => {
  it("watches every action waiting in their division, shown as its signer's", () => {
    const reader = readerOf(principal('workflow_operator', division('430523')))!;
    expect(actionsSignedBy(CASE_ACTORS, reader).sort()).toEqual(Object.keys(CASE_ACTORS).sort());
    expect(signerRole(CASE_ACTORS.township_review, reader)).toBe('township_reviewer');
  });
});
