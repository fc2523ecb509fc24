import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
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
  ProcedureWorkflow,
} from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import type { IdentificationConfig } from '../config';
import { actorOf, divisionQuery, signerOf } from '../procedure-http';
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
    const result = await this.exits.propose(input, actorOf(principal), idempotencyKey);
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
      deadline: live?.deadline ?? null,
      decision: live?.decision ?? null,
    };
  }

  /** 县级审定 after the notice: approve (the incidence is checked again) or reject with a reason. */
  async decide(principal: Principal, id: string, input: VillageExitDecisionInput) {
    const row = await this.exit(id, principal);
    this.assertOpen(row);
    return this.procedure(row).update(decideVillageExitUpdate, { ...input, signer: signerOf(principal) });
  }

  /** 复核结果 of an objection to the township notice. */
  async answer(principal: Principal, id: string, objectionId: string, input: VillageExitAnswerInput) {
    const objection = parseBody(objectionIdParam, objectionId, 'objectionId');
    const row = await this.exit(id, principal);
    this.assertOpen(row);
    return this.procedure(row).update(answerVillageExitObjectionUpdate, {
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
      stepDeadlineSeconds: this.config.villageExit.stepDeadlineSeconds,
      proposedBy,
    };
    await this.procedure(row).start(villageExitWorkflow, input, {
      query: villageExitStateQuery,
      args: [],
      conflict: (running) =>
        isThisAttempt(running, row)
          ? null
          : {
              code: 'village_exit.workflow_conflict',
              message: {
                'zh-CN': `退出流程 ${row.workflow_id} 正在运行另一次申请`,
                en: `workflow ${row.workflow_id} is running another attempt`,
              },
            },
    });
  }

  /** This attempt's workflow view; null when it does not answer or runs another attempt. */
  private async live(row: VillageExitRow): Promise<VillageExitView | null> {
    const view = await this.procedure(row).stateOr(villageExitStateQuery, [], (e) => {
      this.logger.debug({ err: e, workflowId: row.workflow_id }, 'village exit query failed');
      return null;
    });
    return view && isThisAttempt(view, row) ? view : null;
  }

  /** The exit's workflow, under the id recorded with it. */
  private procedure(row: VillageExitRow): ProcedureWorkflow {
    return new ProcedureWorkflow(this.workflows, row.workflow_id, TaskQueues.orchestration);
  }
}

const isThisAttempt = (view: { exitId: string; attempt: number }, row: VillageExitRow) =>
  view.exitId === row.id && view.attempt === row.attempt;
