import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { assertJurisdiction, jurisdictionLabel, type Principal } from '@fupin/auth';
import {
  answerVillageExitObjectionUpdate,
  decideVillageExitUpdate,
  villageExitStateQuery,
  villageExitWorkflow,
  type RoundSigner,
  type VillageExitInput,
  type VillageExitView,
} from '@fupin/identification-workflows';
import type { Logger } from '@fupin/observability';
import {
  DomainError,
  InjectConfig,
  InjectLogger,
  InjectWorkflows,
  type Workflows,
  parseBody,
} from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import type { IdentificationConfig } from '../config';
import { divisionQuery, signedUpdate, signerOf } from '../procedure-http';
import { type VillageExitRow, VillageExitRepository, villageExitBody } from './village-exit.repository';
import {
  objectionIdParam,
  type ProposeVillageExitInput,
  type VillageExitAnswerInput,
  type VillageExitDecisionInput,
} from './village-exit.schema';

/** 贫困村退出: proposed by the township (or the village), 乡镇公示, answered and approved by the county. */
@Injectable()
export class VillageExitService {
  constructor(
    private readonly exits: VillageExitRepository,
    @InjectWorkflows() private readonly workflows: Workflows,
    @InjectConfig() private readonly config: IdentificationConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  /** The proposal is recorded (once per key); this attempt's workflow checks the incidence and opens the notice. */
  async propose(principal: Principal, input: ProposeVillageExitInput, idempotencyKey: string) {
    assertJurisdiction(principal, input.villageCode, 'villageCode');
    const actor = {
      subject: principal.subject,
      role: principal.role,
      jurisdiction: jurisdictionLabel(principal.jurisdiction),
    };
    const result = await this.exits.propose(input, actor, idempotencyKey);
    const row = await this.exits.load(result.body.id);
    if (row && row.attempt === result.body.attempt) await this.ensureStarted(row, signerOf(principal));
    return result;
  }

  async list(principal: Principal, division: string | undefined) {
    const code = divisionQuery(division);
    assertJurisdiction(principal, code, 'division');
    return { division: code, exits: (await this.exits.list(code)).map(villageExitBody) };
  }

  /** The record and, while this attempt's workflow answers, what it waits for. */
  async get(principal: Principal, id: string) {
    const row = await this.exit(id, principal);
    const live = await this.live(row);
    return {
      ...villageExitBody(row),
      waitingFor: live?.waitingFor ?? null,
      notice: live?.notice ?? null,
      objections: live?.objections ?? [],
      decision: live?.decision ?? null,
    };
  }

  /** 县级审定 after the notice: approve (the incidence is checked again) or reject with a reason. */
  async decide(principal: Principal, id: string, input: VillageExitDecisionInput) {
    const row = await this.exit(id, principal);
    this.assertOpen(row);
    return signedUpdate(this.workflows, row.workflow_id, decideVillageExitUpdate, {
      ...input,
      signer: signerOf(principal),
    });
  }

  /** 复核结果 of an objection to the township notice. */
  async answer(principal: Principal, id: string, objectionId: string, input: VillageExitAnswerInput) {
    const objection = parseBody(objectionIdParam, objectionId, 'objectionId');
    const row = await this.exit(id, principal);
    this.assertOpen(row);
    return signedUpdate(this.workflows, row.workflow_id, answerVillageExitObjectionUpdate, {
      ...input,
      objectionId: objection,
      signer: signerOf(principal),
    });
  }

  private async exit(id: string, principal: Principal): Promise<VillageExitRow> {
    const row = await this.exits.load(id);
    if (!row)
      throw new DomainError(
        404,
        'village_exit.not_found',
        { 'zh-CN': `未找到贫困村退出 ${id}`, en: `village exit ${id} not found` },
        'id',
      );
    assertJurisdiction(principal, row.village_code);
    return row;
  }

  private assertOpen(row: VillageExitRow): void {
    if (row.status === 'exited' || row.status === 'refused') {
      throw new DomainError(409, 'village_exit.finished', {
        'zh-CN': `本次退出已办结（${row.status}）`,
        en: `this exit has already been decided (${row.status})`,
      });
    }
  }

  /** Start the attempt's workflow once (a retried request finds it running, or already past the check). */
  private async ensureStarted(row: VillageExitRow, proposedBy: RoundSigner): Promise<void> {
    if (row.status !== 'proposed') return;
    const input: VillageExitInput = {
      exitId: row.id,
      villageCode: row.village_code,
      year: row.year,
      attempt: row.attempt,
      noticeSeconds: this.config.exitArea.villageExitNoticeSeconds,
      proposedBy,
    };
    try {
      await this.workflows.temporal.workflow.start(villageExitWorkflow, {
        taskQueue: TaskQueues.orchestration,
        workflowId: row.workflow_id,
        args: [input],
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      const running = await this.workflows.temporal.workflow.getHandle(row.workflow_id).query(villageExitStateQuery);
      if (running.exitId !== row.id || running.attempt !== row.attempt) {
        throw new DomainError(409, 'village_exit.workflow_conflict', {
          'zh-CN': `退出流程 ${row.workflow_id} 正在运行另一次申请`,
          en: `workflow ${row.workflow_id} is running another attempt`,
        });
      }
    }
  }

  /** This attempt's workflow view; null when it does not answer or runs another attempt. */
  private async live(row: VillageExitRow): Promise<VillageExitView | null> {
    try {
      const view = await this.workflows.temporal.workflow.getHandle(row.workflow_id).query(villageExitStateQuery);
      return view.exitId === row.id && view.attempt === row.attempt ? view : null;
    } catch (e) {
      this.logger.debug({ err: e, workflowId: row.workflow_id }, 'village exit query failed');
      return null;
    }
  }
}
