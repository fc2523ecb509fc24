import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import {
  type ProjectFundsInput,
  type ProjectFundsView,
  projectFundsStateQuery,
  projectFundsWorkflow,
  projectFundsWorkflowId,
} from '@fupin/industry-workflows';
import { InjectConfig, InjectWorkflows, ProcedureWorkflow, type Workflows } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import { actorOf } from '../actor';
import type { IndustryConfig } from '../config';
import { projectRefusals } from '../projects/project.refusals';
import { type ProjectForFunds, ProjectFundsRepository } from './project-funds.repository';
import { fundsRefusals } from './project-funds.refusals';
import type { OpenFundsInput } from './project-funds.schema';

/** The signer as the workflow records it (谁签字谁负责). */
const signerOf = (p: Principal) => ({
  subject: p.subject,
  role: p.role,
  jurisdiction: p.jurisdiction,
  ...(p.name ? { name: p.name } : {}),
});

/**
 * 项目资金: the county office opens a project's funds procedure (the row, then its workflow
 * `project-funds:<projectId>`, in one transaction); every later signature is an update of that workflow, refused in
 * the user's terms by its validator; the row follows through its activities.
 */
@Injectable()
export class ProjectFundsService {
  constructor(
    private readonly funds: ProjectFundsRepository,
    @InjectWorkflows() private readonly workflows: Workflows,
    @InjectConfig() private readonly config: IndustryConfig,
  ) {}

  async open(principal: Principal, projectId: string, input: OpenFundsInput): Promise<ProjectFundsView> {
    const project = await this.funds.project(projectId);
    if (!project) throw projectRefusals.notFound(projectId);
    assertJurisdiction(principal, project.divisionCode);
    if (!project.partner) throw fundsRefusals.noPartner(projectId);
    if (!project.households.length) throw fundsRefusals.noBeneficiaries(projectId);
    const workflowId = projectFundsWorkflowId(projectId);
    const at = new Date().toISOString();
    const start = this.workflowInput(principal, project, input, at);
    await this.funds.transaction(async (tx) => {
      const opened = await this.funds.open(tx, projectId, workflowId, actorOf(principal), start.project);
      // started under the new row; a retry (already opened) finds the workflow running
      if (opened) await this.procedure(workflowId).start(projectFundsWorkflow, start);
    });
    return this.view(principal, projectId);
  }

  /** A signed checkpoint sent to the workflow as an update. */
  async act<A extends { signer?: unknown }>(
    principal: Principal,
    projectId: string,
    update: UpdateDefinition<ProjectFundsView, [A]>,
    input: Omit<A, 'signer'>,
  ): Promise<ProjectFundsView> {
    const funds = await this.openedFunds(principal, projectId);
    if (funds.step === 'disbursed') throw fundsRefusals.disbursed(projectId, funds.paymentRef);
    return this.procedure(funds.workflowId).update(update, { ...input, signer: signerOf(principal) } as A);
  }

  async view(principal: Principal, projectId: string): Promise<ProjectFundsView> {
    const workflowId = await this.opened(principal, projectId);
    return this.procedure(workflowId).query(projectFundsStateQuery);
  }

  private async opened(principal: Principal, projectId: string): Promise<string> {
    return (await this.openedFunds(principal, projectId)).workflowId;
  }

  private async openedFunds(principal: Principal, projectId: string) {
    const project = await this.funds.project(projectId);
    if (!project) throw projectRefusals.notFound(projectId);
    assertJurisdiction(principal, project.divisionCode);
    const funds = await this.funds.find(projectId);
    if (!funds) throw fundsRefusals.notOpened(projectId);
    return funds;
  }

  private procedure(workflowId: string): ProcedureWorkflow {
    return new ProcedureWorkflow(this.workflows, workflowId, TaskQueues.orchestration);
  }

  private workflowInput(
    principal: Principal,
    p: ProjectForFunds,
    input: OpenFundsInput,
    at: string,
  ): ProjectFundsInput {
    const village = p.divisionCode.length === 12;
    const yuan = (p.budgetFen / 100).toFixed(2);
    return {
      project: {
        projectId: p.id,
        ...(village ? { villageCode: p.divisionCode } : { townshipCode: p.divisionCode }),
        budgetFen: p.budgetFen,
        partner: { creditCode: p.partner!.creditCode, accountRef: p.partner!.accountRef, name: p.partner!.name },
        implementer: input.implementer,
        by: signerOf(principal),
        at,
      },
      notice: {
        kind: village ? 'village_notice' : 'township_notice',
        divisionCode: p.divisionCode,
        durationSeconds: this.config.industry.fundsNoticeSeconds,
        title: { 'zh-CN': `产业项目资金公告公示：${p.name}`, en: `Industry project funds notice: ${p.name}` },
        entries: p.households.map((h) => ({
          entryId: h.householdId,
          headName: h.headName,
          headIdNumber: h.headIdNumber,
          villageCode: h.villageCode,
          memberCount: h.members,
          decision: `产业项目受益户：${p.name}`,
          reason: `项目预算${yuan}元，经营主体${p.partner!.name}`,
        })),
      },
    };
  }
}
