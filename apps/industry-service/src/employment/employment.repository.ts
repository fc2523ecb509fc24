import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { buildEvent, contracts } from '@fupin/contracts';
import type { JobKind, PublicWelfareCategory } from '@fupin/industry-rules';
import { addToOutbox } from '@fupin/messaging';
import { onceForKey } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import type { Actor } from '../actor';
import type { IndustryDb } from '../db';
import type { EmploymentJob, EmploymentPlacement, PlacementWage } from '../generated/prisma/client';
import { employmentRefusals } from './employment.refusals';
import type {
  JobInput,
  JobSummary,
  JobView,
  PlacementInput,
  PlacementView,
  WageInput,
  WageView,
} from './employment.schema';

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
const day = (d: Date) => d.toISOString().slice(0, 10);
const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A member of a registered household, as the register mirror holds them. */
export interface Member {
  idNumber: string;
  name: string;
  householdId: string;
  villageCode: string;
}

/** A placement about to be recorded: the job, the person and the terms. */
export interface NewPlacement {
  id: string;
  job: JobSummary;
  member: Member;
  input: PlacementInput;
}

const toJob = (j: EmploymentJob & { _count: { placements: number } }): JobSummary => ({
  id: j.id,
  kind: j.kind as JobKind,
  partnerId: j.partnerId,
  category: j.category as PublicWelfareCategory | null,
  postName: j.postName,
  divisionCode: j.divisionCode,
  countyCode: j.countyCode,
  monthlyWageFen: Number(j.monthlyWageFen),
  positions: j.positions,
  placed: j._count.placements,
  createdBy: j.createdBy,
  createdAt: j.createdAt.toISOString(),
});

const toWage = (w: PlacementWage): WageView => ({
  month: w.month,
  amountFen: Number(w.amountFen),
  earnedOn: day(w.earnedOn),
  incomeId: w.incomeId,
  recordedBy: w.recordedBy,
  recordedAt: w.recordedAt.toISOString(),
});

const toPlacement = (p: EmploymentPlacement): Omit<PlacementView, 'wages'> => ({
  id: p.id,
  jobId: p.jobId,
  householdId: p.householdId,
  villageCode: p.villageCode,
  idNumber: p.idNumber,
  personName: p.personName,
  startedOn: day(p.startedOn),
  monthlyWageFen: Number(p.monthlyWageFen),
  placedBy: p.placedBy,
  placedAt: p.placedAt.toISOString(),
});

const withCount = { _count: { select: { placements: true } } } as const;

/** 就业扶贫: jobs, placements and wages — the only place their SQL lives. */
@Injectable()
export class EmploymentRepository {
  constructor(@InjectDb() private readonly db: IndustryDb) {}

  partnerCounty(partnerId: string): Promise<{ countyCode: string } | null> {
    return this.db.partner.findUnique({ where: { id: partnerId }, select: { countyCode: true } });
  }

  /** The job and its audit record in one transaction, once per Idempotency-Key. */
  createJob(id: string, input: JobInput, countyCode: string, actor: Actor, idempotencyKey: string) {
    return this.db.$transaction((tx) =>
      onceForKey<{ id: string }>(tx, 'industry.job.create', idempotencyKey, input, async () => {
        await tx.employmentJob.create({
          data: {
            id,
            kind: input.kind,
            partnerId: input.partnerId ?? null,
            category: input.category ?? null,
            postName: input.postName,
            divisionCode: input.divisionCode,
            countyCode,
            monthlyWageFen: BigInt(input.monthlyWageFen),
            positions: input.positions,
            createdBy: actor.subject,
          },
        });
        await appendAudit(tx, {
          actorSubject: actor.subject,
          actorRole: actor.role,
          jurisdiction: actor.jurisdiction,
          action: 'industry.job.create',
          subjectType: 'employment_job',
          subjectId: id,
          after: input,
          reason:
            input.kind === 'public_welfare_post' ? '公益岗位开发 (public-welfare post)' : '企业岗位 (partner job)',
        });
        return { status: 201, body: { id } };
      }),
    );
  }

  async job(id: string): Promise<JobView | null> {
    if (!isUuid(id)) return null;
    const j = await this.db.employmentJob.findUnique({
      where: { id },
      include: { ...withCount, placements: { orderBy: [{ placedAt: 'asc' }, { id: 'asc' }] } },
    });
    return j && { ...toJob(j), placements: j.placements.map(toPlacement) };
  }

  async jobsIn(divisionCode: string, kind: JobKind | undefined): Promise<JobSummary[]> {
    const rows = await this.db.employmentJob.findMany({
      where: { divisionCode: { startsWith: divisionCode }, ...(kind ? { kind } : {}) },
      include: withCount,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    });
    return rows.map(toJob);
  }

  /** The person, if a member of a registered household (not exited). */
  async member(idNumber: string): Promise<Member | null> {
    const person = await this.db.registeredPerson.findUnique({ where: { idNumber } });
    if (!person) return null;
    const household = await this.db.registeredHousehold.findUnique({
      where: { householdId: person.householdId },
      select: { villageCode: true, exitedAt: true },
    });
    if (!household || household.exitedAt) return null;
    return { idNumber, name: person.name, householdId: person.householdId, villageCode: household.villageCode };
  }

  /**
   * The placement, its audit record and `employment.placed` (through the outbox) in one transaction, once per
   * Idempotency-Key; under the job's row lock the person is placed once and never beyond the positions (409).
   */
  place(p: NewPlacement, actor: Actor, idempotencyKey: string) {
    const { job, member, input } = p;
    return this.db.$transaction((tx) =>
      onceForKey<{ id: string }>(tx, `industry.placement:${job.id}`, idempotencyKey, input, async () => {
        await tx.$queryRawUnsafe(`SELECT id FROM employment_job WHERE id = $1::uuid FOR UPDATE`, job.id);
        const placed = await tx.employmentPlacement.findMany({ where: { jobId: job.id }, select: { idNumber: true } });
        if (placed.some((x) => x.idNumber === member.idNumber))
          throw employmentRefusals.alreadyPlaced(member.idNumber, job.id);
        if (placed.length >= job.positions) throw employmentRefusals.jobFull(job.id, job.positions);
        await tx.employmentPlacement.create({
          data: {
            id: p.id,
            jobId: job.id,
            householdId: member.householdId,
            villageCode: member.villageCode,
            idNumber: member.idNumber,
            personName: member.name,
            startedOn: asDate(input.startedOn),
            monthlyWageFen: BigInt(input.monthlyWageFen),
            placedBy: actor.subject,
          },
        });
        await appendAudit(tx, {
          actorSubject: actor.subject,
          actorRole: actor.role,
          jurisdiction: actor.jurisdiction,
          action: 'industry.employment.placed',
          subjectType: 'employment_placement',
          subjectId: p.id,
          after: { jobId: job.id, householdId: member.householdId, ...input },
          reason: '就业安置 (placed in a job)',
        });
        const payload = {
          householdId: member.householdId,
          villageCode: member.villageCode,
          placementId: p.id,
          jobKind: job.kind,
          partnerId: job.partnerId,
          postName: job.postName,
          startedOn: input.startedOn,
          monthlyWageFen: input.monthlyWageFen,
        };
        const event = buildEvent(contracts.employmentPlaced, { aggregateId: member.householdId, actor, payload });
        await addToOutbox(tx, contracts.employmentPlaced.topic, event);
        return { status: 201, body: { id: p.id } };
      }),
    );
  }

  async placement(id: string): Promise<PlacementView | null> {
    if (!isUuid(id)) return null;
    const p = await this.db.employmentPlacement.findUnique({
      where: { id },
      include: { wages: { orderBy: { month: 'asc' } } },
    });
    return p && { ...toPlacement(p), wages: p.wages.map(toWage) };
  }

  /**
   * The month's wage, its audit record and `income.recorded` (source wage) in one transaction: once per placement and
   * month — a second, even concurrent, finds the row (ON CONFLICT) and is refused (409); once per Idempotency-Key.
   */
  recordWage(
    p: Pick<PlacementView, 'id' | 'householdId' | 'villageCode'>,
    input: WageInput,
    earnedOn: string,
    incomeId: string,
    actor: Actor,
    idempotencyKey: string,
  ) {
    return this.db.$transaction((tx) =>
      onceForKey<{ month: string }>(tx, `industry.wage:${p.id}`, idempotencyKey, input, async () => {
        const inserted = await tx.$executeRawUnsafe(
          `INSERT INTO placement_wage (placement_id, month, amount_fen, earned_on, income_id, recorded_by)
           VALUES ($1::uuid, $2, $3, $4::date, $5::uuid, $6) ON CONFLICT (placement_id, month) DO NOTHING`,
          p.id,
          input.month,
          BigInt(input.amountFen),
          earnedOn,
          incomeId,
          actor.subject,
        );
        if (inserted === 0) throw employmentRefusals.wageRecorded(p.id, input.month);
        await appendAudit(tx, {
          actorSubject: actor.subject,
          actorRole: actor.role,
          jurisdiction: actor.jurisdiction,
          action: 'industry.employment.wage',
          subjectType: 'employment_placement',
          subjectId: p.id,
          after: { ...input, earnedOn, incomeId },
          reason: '工资发放登记 (monthly wage recorded)',
        });
        const payload = {
          householdId: p.householdId,
          villageCode: p.villageCode,
          incomeId,
          source: 'wage' as const,
          amountFen: input.amountFen,
          earnedOn,
          reference: `placement:${p.id}:${input.month}`,
        };
        const event = buildEvent(contracts.incomeRecorded, { aggregateId: p.householdId, actor, payload });
        await addToOutbox(tx, contracts.incomeRecorded.topic, event);
        return { status: 201, body: { month: input.month } };
      }),
    );
  }
}
