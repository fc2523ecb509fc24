import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { onceForKey } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import { type Actor, countyOf } from '../actor';
import type { IndustryDb } from '../db';
import type { IndustryProject } from '../generated/prisma/client';
import type { ProjectCreated, ProjectInput, ProjectSummary, ProjectView } from './project.schema';

const toSummary = (p: IndustryProject & { _count: { beneficiaries: number } }): ProjectSummary => ({
  id: p.id,
  name: p.name,
  kind: p.kind as ProjectSummary['kind'],
  divisionCode: p.divisionCode,
  countyCode: p.countyCode,
  year: p.year,
  budgetFen: Number(p.budgetFen),
  fundSource: p.fundSource as ProjectSummary['fundSource'],
  partnerId: p.partnerId,
  expectedIncomeFenPerHousehold: Number(p.expectedIncomeFenPerHousehold),
  households: p._count.beneficiaries,
  createdBy: p.createdBy,
  createdAt: p.createdAt.toISOString(),
});

const withCount = { _count: { select: { beneficiaries: true } } } as const;

/** Industry projects and their beneficiaries: the only place their SQL lives. */
@Injectable()
export class ProjectRepository {
  constructor(@InjectDb() private readonly db: IndustryDb) {}

  partnerCounty(partnerId: string): Promise<{ countyCode: string } | null> {
    return this.db.partner.findUnique({ where: { id: partnerId }, select: { countyCode: true } });
  }

  /** Of `householdIds`, those not registered (or exited) in the division. */
  async notEligible(householdIds: readonly string[], divisionCode: string): Promise<string[]> {
    const found = await this.db.registeredHousehold.findMany({
      where: { householdId: { in: [...householdIds] }, villageCode: { startsWith: divisionCode }, exitedAt: null },
      select: { householdId: true },
    });
    const ok = new Set(found.map((h) => h.householdId));
    return householdIds.filter((id) => !ok.has(id));
  }

  /** The project, its beneficiaries and its audit record in one transaction, once per Idempotency-Key. */
  create(id: string, input: ProjectInput, actor: Actor, idempotencyKey: string) {
    return this.db.$transaction(async (tx) =>
      onceForKey<ProjectCreated>(tx, 'industry.project.create', idempotencyKey, input, async () => {
        await tx.industryProject.create({
          data: {
            id,
            name: input.name,
            kind: input.kind,
            divisionCode: input.divisionCode,
            countyCode: countyOf(input.divisionCode),
            year: input.year,
            budgetFen: input.budgetFen,
            fundSource: input.fundSource,
            partnerId: input.partnerId ?? null,
            expectedIncomeFenPerHousehold: input.expectedIncomeFenPerHousehold,
            createdBy: actor.subject,
          },
        });
        await tx.projectBeneficiary.createMany({
          data: input.beneficiaries.map((householdId) => ({ projectId: id, householdId })),
        });
        await appendAudit(tx, {
          actorSubject: actor.subject,
          actorRole: actor.role,
          jurisdiction: actor.jurisdiction,
          action: 'industry.project.create',
          subjectType: 'industry_project',
          subjectId: id,
          after: input,
          reason: 'project recorded (产业项目立项)',
        });
        return { status: 201, body: { id } };
      }),
    );
  }

  async find(id: string): Promise<ProjectView | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const p = await this.db.industryProject.findUnique({
      where: { id },
      include: {
        ...withCount,
        beneficiaries: {
          include: { household: { select: { villageCode: true, headName: true } } },
          orderBy: { householdId: 'asc' },
        },
      },
    });
    if (!p) return null;
    const beneficiaries = p.beneficiaries.map((b) => ({
      householdId: b.householdId,
      villageCode: b.household.villageCode,
      headName: b.household.headName,
    }));
    return { ...toSummary(p), beneficiaries };
  }

  async inDivision(divisionCode: string, year: number | undefined): Promise<ProjectSummary[]> {
    const rows = await this.db.industryProject.findMany({
      where: { divisionCode: { startsWith: divisionCode }, ...(year === undefined ? {} : { year }) },
      include: withCount,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    });
    return rows.map(toSummary);
  }
}
