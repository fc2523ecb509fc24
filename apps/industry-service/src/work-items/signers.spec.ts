import type { Principal } from '@fupin/auth';
import { type LoanEvent, type MicrocreditState, applyLoanEvent, startLoan } from '@fupin/industry-rules';
import { actionsSignedBy, readerOf, signerRole } from '@fupin/service-kit';
import { LOAN_STEP_ACTORS, PROJECT_FUNDS_STEP_ACTORS } from './work-item.service';

const VILLAGE = '430523101201';
const AT = '2026-03-02T02:00:00.000Z';
const division = (code: string) => ({ kind: 'division' as const, code });
const dept = (department: 'industry' | 'finance', divisionCode?: string) => ({
  kind: 'department' as const,
  department,
  ...(divisionCode ? { divisionCode } : {}),
});
const as = (role: Principal['role'], jurisdiction: Principal['jurisdiction']): Principal => ({
  subject: `${role}-1`,
  role,
  jurisdiction,
});

const PEOPLE: Principal[] = [
  as('village_cadre', division(VILLAGE)),
  as('township_reviewer', division('430523101')),
  as('county_approver', division('430523')),
  as('bank', division('430523')),
  as('department_officer', dept('industry', '430523')),
  as('department_officer', dept('finance', '430523')),
  as('department_officer', dept('industry', '430523101')),
];

/** The loan at each step its procedure waits for a person, and the event that step needs. */
function loanAt(step: 'village_check' | 'bank_approval' | 'disbursement'): MicrocreditState {
  const cadre = PEOPLE[0];
  const started = startLoan({
    loanId: 'loan-1',
    householdId: 'household-1',
    villageCode: VILLAGE,
    principalFen: 3_000_000,
    annualRateBp: 435,
    termMonths: 12,
    repayment: 'interest_quarterly',
    appliedOn: '2026-03-01',
    appliedBy: cadre,
    at: AT,
  });
  if (!started.ok) throw new Error(started.refusal.rule);
  let s = started.state;
  const moves: LoanEvent[] = [
    { type: 'villageChecked', approved: true, by: cadre, at: AT },
    { type: 'bankDecided', approved: true, by: PEOPLE[3], at: AT },
  ];
  for (const e of moves.slice(0, ['village_check', 'bank_approval', 'disbursement'].indexOf(step))) {
    const next = applyLoanEvent(s, e);
    if (!next.ok) throw new Error(next.refusal.rule);
    s = next.state;
  }
  return s;
}

const eventAt = (step: string, by: Principal): LoanEvent =>
  step === 'village_check'
    ? { type: 'villageChecked', approved: true, by, at: AT }
    : step === 'bank_approval'
      ? { type: 'bankDecided', approved: true, by, at: AT }
      : { type: 'disbursed', disbursedOn: '2026-03-02', paymentRef: 'PAY-1', today: '2026-03-02', by, at: AT };

describe('who signs the steps a loan waits at', () => {
  it.each(['village_check', 'bank_approval', 'disbursement'] as const)(
    "%s: the inbox's signers are exactly those the loan procedure accepts",
    (step) => {
      const state = loanAt(step);
      for (const p of PEOPLE) {
        const result = applyLoanEvent(state, eventAt(step, p));
        const refusedAsSigner = !result.ok && ['wrong_role', 'wrong_level'].includes(result.refusal.rule);
        expect([p.role, p.jurisdiction, actionsSignedBy(LOAN_STEP_ACTORS, readerOf(p)!).includes(step)]).toEqual([
          p.role,
          p.jurisdiction,
          !refusedAsSigner,
        ]);
      }
    },
  );
});

describe("who signs a project's funds checkpoints", () => {
  const signed = (p: Principal) => actionsSignedBy(PROJECT_FUNDS_STEP_ACTORS, readerOf(p)!);

  it('the county finance office allocates and pays, the industry office enters the acceptance and rectifies', () => {
    expect(signed(as('department_officer', dept('finance', '430523')))).toEqual(['allocation', 'disbursement']);
    expect(signed(as('department_officer', dept('industry', '430523')))).toEqual(['acceptance', 'rectification']);
    expect(signed(as('county_approver', division('430523')))).toEqual(['allocation', 'acceptance', 'rectification']);
  });

  it('the township starts the implementation and enters the acceptance; a department without a division nothing', () => {
    expect(signed(as('township_reviewer', division('430523101')))).toEqual(['implementation', 'acceptance']);
    expect(signed(as('department_officer', dept('industry', '430523101')))).toEqual(['implementation', 'acceptance']);
    expect(signed(as('bank', division('430523')))).toEqual([]);
    expect(readerOf(as('department_officer', dept('finance')))).toBeNull();
  });

  it("names the reader's own role among a checkpoint's signers", () => {
    const approver = readerOf(as('county_approver', division('430523')))!;
    expect(signerRole(PROJECT_FUNDS_STEP_ACTORS.allocation, approver)).toBe('county_approver');
    expect(signerRole(PROJECT_FUNDS_STEP_ACTORS.disbursement, approver)).toBe('department_officer');
  });
});
