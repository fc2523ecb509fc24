import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import {
  actUpdate,
  identificationRoundWorkflow,
  reexamineUpdate,
  roundStateQuery,
  type ActionResult,
  type ReexaminationInput,
} from '@fupin/identification-workflows';
import type { Logger } from '@fupin/observability';
import { DomainError, InjectConfig, InjectLogger, InjectWorkflows, type Workflows } from '@fupin/service-kit';
import type { IdentificationConfig } from '../config';
import { actorOf, divisionQuery, roundState, signedUpdate, signerOf, startRoundWorkflow } from '../procedure-http';
import { RoundRepository, type RoundRow } from './round.repository';
import type { OpenRoundInput, RoundActionInput } from './round.schema';

/** The use cases of an identification round (识别批次): open it, read it, sign its steps, decide re-examinations. */
@Injectable()
export class RoundService {
  constructor(
    private readonly rounds: RoundRepository,
    @InjectWorkflows() private readonly workflows: Workflows,
    @InjectConfig() private readonly config: IdentificationConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  /** 农户申请: the round is recorded (once per key), then its workflow started (idempotent by its business key). */
  async open(principal: Principal, input: OpenRoundInput, idempotencyKey: string) {
    assertJurisdiction(principal, input.villageCode, 'villageCode');
    const result = await this.rounds.open(input, actorOf(principal), idempotencyKey);
    const round = await this.rounds.load(result.body.roundId);
    if (round) await this.ensureStarted(round);
    return result;
  }

  async list(principal: Principal, division: string | undefined) {
    const code = divisionQuery(division);
    assertJurisdiction(principal, code, 'division');
    return { division: code, rounds: await this.rounds.list(code) };
  }

  /** The live state from the workflow; 503 naming the recorded progress when it cannot answer. */
  async state(principal: Principal, id: string, householdId: string | undefined) {
    const round = await this.round(id, principal);
    const runtime = { temporal: this.workflows.temporal, logger: this.logger };
    return roundState(runtime, round, roundStateQuery, householdId, {
      code: 'round.busy',
      message: {
        'zh-CN': '识别流程暂时繁忙，请稍后重试（可先查看 /rounds/:id/households 中登记的各户进度）',
        en: 'The procedure is busy; retry shortly (the recorded progress is at /rounds/:id/households)',
      },
    });
  }

  async households(principal: Principal, id: string) {
    const round = await this.round(id, principal);
    return {
      roundId: round.id,
      villageCode: round.village_code,
      incomeYear: round.income_year,
      households: await this.rounds.households(round.id),
    };
  }

  /** 谁签字谁负责: the signed step goes to the workflow as an update; its refusal comes back in the user's terms. */
  async act(principal: Principal, id: string, input: RoundActionInput): Promise<ActionResult> {
    const round = await this.round(id, principal);
    return signedUpdate(this.workflows, round.workflow_id, actUpdate, { ...input, signer: signerOf(principal) });
  }

  async reexamine(principal: Principal, id: string, input: Omit<ReexaminationInput, 'signer'>): Promise<ActionResult> {
    const round = await this.round(id, principal);
    return signedUpdate(this.workflows, round.workflow_id, reexamineUpdate, { ...input, signer: signerOf(principal) });
  }

  private async round(id: string, principal: Principal): Promise<RoundRow> {
    const round = await this.rounds.load(id);
    if (!round)
      throw new DomainError(
        404,
        'round.not_found',
        { 'zh-CN': `未找到识别批次 ${id}`, en: `Round ${id} not found` },
        'id',
      );
    assertJurisdiction(principal, round.village_code);
    return round;
  }

  /** Start (or find running) the round's workflow: idempotent by its business-key id. */
  private async ensureStarted(round: RoundRow): Promise<void> {
    const input = await this.rounds.workflowInput(round, this.config.procedure);
    await startRoundWorkflow(this.workflows, round, identificationRoundWorkflow, input, roundStateQuery, (other) => ({
      code: 'round.workflow_conflict',
      message: {
        'zh-CN': `识别流程 ${round.workflow_id} 正在为另一批次（${other}）运行`,
        en: `workflow ${round.workflow_id} is already running for another round (${other})`,
      },
    }));
  }
}
