import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { onceForKey } from '@fupin/persistence';
import {
  type HouseGrade,
  type RelocationPolicy,
  checkRenovationEligibility,
  householdTranches,
  resolveRelocationPolicy,
} from '@fupin/relocation-rules';
import {
  type RelocationCaseInput,
  relocationCaseStateQuery,
  relocationCaseWorkflow,
  renovationCaseWorkflowId,
} from '@fupin/relocation-workflows';
import { InjectConfig, InjectWorkflows, ProcedureWorkflow, type Workflows } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import { type Actor, actorOf } from '../actor';
import type { RelocationConfig } from '../config';
import { caseRefusals, ruleRefusal } from '../cases/case.refusals';
import type { RelocationTx } from '../db';
import { type RenovationHousehold, type RenovationRecord, RenovationRepository } from './renovation.repository';
import type { RenovationCreated, RenovationInput } from './renovation.schema';

/** The household's renovation workflow runs for another case (a row lost after its start): refused, named. */
const workflowTaken = (caseId: string) => ({
  code: 'relocation.renovation_running',
  message: {
    'zh-CN': `该户的危房改造流程已在办理（案件 ${caseId}）`,
    en: `the household's renovation workflow is already running (case ${caseId})`,
  },
});

/** The year in China Standard Time (the register's year). */
const shanghaiYear = (ms: number): number => new Date(ms + 8 * 3_600_000).getUTCFullYear();

/**
 * 危房改造: a registered household whose house is graded C or D and that is not relocating applies; the case is
 * recorded and its workflow (`renovation-case:<householdId>`, the relocation case's workflow) started in one
 * transaction, at the township review. Later signatures go through the case endpoints (review, milestones, tranches,
 * withdraw), like a relocation's.
 */
@Injectable()
export class RenovationService {
  constructor(
    private readonly renovations: RenovationRepository,
    @InjectWorkflows() private readonly workflows: Workflows,
    @InjectConfig() private readonly config: RelocationConfig,
  ) {}

  async apply(principal: Principal, input: RenovationInput, idempotencyKey: string) {
    const household = await this.renovations.household(input.householdId);
    if (!household) throw caseRefusals.householdNotRegistered(input.householdId);
    assertJurisdiction(principal, household.villageCode, 'householdId');
    const now = Date.now();
    const { grade, subsidyFen, policy } = await this.eligible(household, input.plannedYear, now);
    const actor = actorOf(principal);
    return this.renovations.transaction((tx) =>
      onceForKey<RenovationCreated>(tx, 'relocation.renovation.apply', idempotencyKey, input, async () => {
        const r: RenovationRecord = {
          id: randomUUID(),
          household,
          application: input.application,
          plannedYear: input.plannedYear,
          houseGrade: grade,
          subsidyFen,
          tranches: householdTranches(subsidyFen, 'renovation', policy.tranchePlan),
          workflowId: renovationCaseWorkflowId(household.householdId),
          createdBy: actor.subject,
        };
        if (!(await this.renovations.insert(tx, r)))
          throw caseRefusals.alreadyOpen(
            household.householdId,
            (await this.renovations.openCase(r.household.householdId, tx))?.id ?? null,
          );
        await this.sign(tx, actor, r);
        // started last, under the new row: a failure rolls the row back; a running one of another case is refused
        await this.procedure(r.workflowId).start(
          relocationCaseWorkflow,
          this.workflowInput(principal, r, policy, now),
          {
            query: relocationCaseStateQuery,
            args: [],
            conflict: (running) => (running.caseId === r.id ? null : workflowTaken(running.caseId)),
          },
        );
        return { status: 201, body: { id: r.id, kind: 'renovation' as const, workflowId: r.workflowId } };
      }),
    );
  }

  /** 危改对象: registered, not exited, its latest house grade C or D, no open case of either kind, the year in range. */
  private async eligible(h: RenovationHousehold, plannedYear: number, now: number) {
    const open = await this.renovations.openCase(h.householdId);
    const resolved = resolveRelocationPolicy(
      this.config.relocation.policies,
      h.villageCode.slice(0, 2),
      shanghaiYear(now),
    );
    if (!resolved.ok) throw ruleRefusal(resolved.refusal);
    const observed = h.houseGrade === null ? [] : [{ grade: h.houseGrade as HouseGrade, observedOn: '' }];
    const check = checkRenovationEligibility(resolved.policy, {
      registered: h.exitedAt === null,
      houseObservations: observed,
      openRelocationCase: open?.kind === 'relocation',
      // an open renovation is the insert's 409 (inside the idempotent request: a replay answers the first case)
      openRenovationCase: false,
      plannedYear,
      currentYear: shanghaiYear(now),
    });
    if (!check.ok) throw ruleRefusal(check.violations[0], check.violations);
    return { grade: check.grade, subsidyFen: check.subsidyFen, policy: resolved.policy as RelocationPolicy };
  }

  private workflowInput(principal: Principal, r: RenovationRecord, policy: RelocationPolicy, now: number) {
    const signer = { subject: principal.subject, role: principal.role, jurisdiction: principal.jurisdiction };
    const at = new Date(now).toISOString();
    const input: RelocationCaseInput = {
      caseId: r.id,
      householdId: r.household.householdId,
      villageCode: r.household.villageCode,
      consent: r.application,
      consentRecordedBy: principal.name ? { ...signer, name: principal.name } : signer,
      consentRecordedAt: at,
      renovation: {
        plannedYear: r.plannedYear,
        grade: r.houseGrade as 'C' | 'D',
        subsidyFen: r.subsidyFen,
        tranchePlan: policy.tranchePlan,
      },
      planSubmittedBy: signer,
      planSubmittedAt: at,
      config: this.config.relocation.caseDeadlines,
    };
    return input;
  }

  /** The household's signed application on the audit chain (谁签字谁负责). */
  private async sign(tx: RelocationTx, actor: Actor, r: RenovationRecord): Promise<void> {
    await appendAudit(tx, {
      actorSubject: actor.subject,
      actorRole: actor.role,
      jurisdiction: actor.jurisdiction,
      action: 'relocation.renovation_applied',
      subjectType: 'relocation_case',
      subjectId: r.id,
      after: {
        villageCode: r.household.villageCode,
        kind: 'renovation',
        application: r.application,
        plannedYear: r.plannedYear,
        houseGrade: r.houseGrade,
        subsidyFen: r.subsidyFen,
        tranches: r.tranches,
      },
      reason: 'signed application (危房改造申请)',
    });
  }

  private procedure(workflowId: string): ProcedureWorkflow {
    return new ProcedureWorkflow(this.workflows, workflowId, TaskQueues.orchestration);
  }
}
