import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { EXIT_CRITERION_LABELS } from '@fupin/exit-rules';
import {
  exitActUpdate,
  exitReexamineUpdate,
  exitRoundStateQuery,
  householdExitWorkflow,
  type ExitActionResult,
  type ExitReexaminationInput,
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
import type { IdentificationConfig } from '../config';
import { actorOf, divisionQuery, roundState, signedUpdate, signerOf, startRoundWorkflow } from '../procedure-http';
import { type ExitRoundRow, type ExitRules, ExitRepository } from './exit.repository';
import type { ExitActionInput, OpenExitInput } from './exit.schema';

/** The use cases of 贫困户退出: the criteria, proposing households for exit, reading and signing the exit round. */
@Injectable()
export class ExitService {
  constructor(
    private readonly exits: ExitRepository,
    @InjectWorkflows() private readonly workflows: Workflows,
    @InjectConfig() private readonly config: IdentificationConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  private get rules(): ExitRules {
    return { policyOverrides: this.config.policyOverrides, stability: this.config.exit.stability };
  }

  /**
   * 退出标准 of one household as they stand now, each failed criterion named with its label, for an exit of `incomeYear`
   * (default: its newest survey's income year).
   */
  async criteria(principal: Principal, householdId: string, incomeYear?: number) {
    const id = parseBody(z.uuid(), householdId, 'householdId');
    const check = (await this.exits.criteria([id], this.rules, incomeYear)).get(id);
    if (!check)
      throw new DomainError(
        404,
        'household.not_found',
        { 'zh-CN': `未找到户 ${id}`, en: `household ${id} not found` },
        'householdId',
      );
    assertJurisdiction(principal, check.villageCode);
    return { ...check, failed: check.failed.map((f) => ({ ...f, label: EXIT_CRITERION_LABELS[f.criterion] })) };
  }

  /** 拟退出: the round is recorded (once per key) when every household meets the criteria, then its workflow started. */
  async open(principal: Principal, input: OpenExitInput, idempotencyKey: string) {
    assertJurisdiction(principal, input.villageCode, 'villageCode');
    const result = await this.exits.open(input, actorOf(principal), this.rules, idempotencyKey);
    const round = await this.exits.load(result.body.roundId);
    if (round) await this.ensureStarted(round);
    return result;
  }

  async list(principal: Principal, division: string | undefined) {
    const code = divisionQuery(division);
    assertJurisdiction(principal, code, 'division');
    return { division: code, rounds: await this.exits.list(code) };
  }

  /** The live state from the workflow; 503 naming the recorded progress when it cannot answer. */
  async state(principal: Principal, id: string, householdId: string | undefined) {
    const round = await this.round(id, principal);
    const runtime = { temporal: this.workflows.temporal, logger: this.logger };
    return roundState(runtime, round, exitRoundStateQuery, householdId, {
      code: 'exit.busy',
      message: {
        'zh-CN': '退出流程暂时繁忙，请稍后重试（可先查看 /exits/:id/households）',
        en: 'The exit procedure is busy; retry shortly (recorded progress at /exits/:id/households)',
      },
    });
  }

  async households(principal: Principal, id: string) {
    const round = await this.round(id, principal);
    return {
      roundId: round.id,
      villageCode: round.village_code,
      incomeYear: round.income_year,
      households: await this.exits.households(round.id),
    };
  }

  async act(principal: Principal, id: string, input: ExitActionInput): Promise<ExitActionResult> {
    const round = await this.round(id, principal);
    return signedUpdate(this.workflows, round.workflow_id, exitActUpdate, { ...input, signer: signerOf(principal) });
  }

  async reexamine(
    principal: Principal,
    id: string,
    input: Omit<ExitReexaminationInput, 'signer'>,
  ): Promise<ExitActionResult> {
    const round = await this.round(id, principal);
    return signedUpdate(this.workflows, round.workflow_id, exitReexamineUpdate, {
      ...input,
      signer: signerOf(principal),
    });
  }

  private async round(id: string, principal: Principal): Promise<ExitRoundRow> {
    const round = await this.exits.load(id);
    if (!round)
      throw new DomainError(
        404,
        'exit.not_found',
        { 'zh-CN': `未找到退出批次 ${id}`, en: `Exit round ${id} not found` },
        'id',
      );
    assertJurisdiction(principal, round.village_code);
    return round;
  }

  private async ensureStarted(round: ExitRoundRow): Promise<void> {
    const input = await this.exits.workflowInput(round, this.config.exit.round);
    await startRoundWorkflow(this.workflows, round, householdExitWorkflow, input, exitRoundStateQuery, (other) => ({
      code: 'exit.workflow_conflict',
      message: {
        'zh-CN': `退出流程 ${round.workflow_id} 正在为另一批次（${other}）运行`,
        en: `workflow ${round.workflow_id} is already running for another exit round (${other})`,
      },
    }));
  }
}
