import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, assertJurisdiction, type Principal } from '@fupin/auth';
import { DomainError, SERVICE_RUNTIME, type ServiceRuntime } from '@fupin/service-kit';

/** Registered households as relocation knows them (from household.registered). */
@ApiTags('households 建档立卡户')
@ApiBearerAuth()
@Controller('households')
export class RegisteredHouseholdController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Get(':id')
  @ApiOperation({
    summary:
      'A registered household and its members, as received from identification; an exited one with its transition period (support continues through transitionEndsOn)',
  })
  @Allow(
    { role: 'department_officer', department: 'relocation' },
    { role: 'county_approver' },
    { role: 'township_reviewer' },
    { role: 'auditor' },
  )
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const rows = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.runtime.db.$queryRawUnsafe<
          {
            household_id: string;
            village_code: string;
            head_name: string;
            member_count: number;
            registered_at: Date;
            exited_at: Date | null;
            transition_ends_on: string | null;
          }[]
        >(
          `SELECT household_id::text, village_code, head_name, member_count, registered_at, exited_at, to_char(transition_ends_on, 'YYYY-MM-DD') AS transition_ends_on FROM registered_household WHERE household_id = $1::uuid`,
          id,
        )
      : [];
    if (!rows[0])
      throw new DomainError(
        404,
        'household.not_registered',
        {
          'zh-CN': `户 ${id} 不是已登记的贫困户（或尚未同步）`,
          en: `Household ${id} is not a registered poor household (or not received yet)`,
        },
        'id',
      );
    assertJurisdiction(principal, rows[0].village_code);
    const members = await this.runtime.db.$queryRawUnsafe<{ id_number: string; name: string; relation: string }[]>(
      `SELECT id_number, name, relation FROM registered_person WHERE household_id = $1::uuid ORDER BY relation <> '户主', id_number`,
      id,
    );
    const h = rows[0];
    return {
      householdId: h.household_id,
      villageCode: h.village_code,
      headName: h.head_name,
      memberCount: h.member_count,
      registeredAt: h.registered_at,
      exitedAt: h.exited_at,
      transitionEndsOn: h.transition_ends_on,
      members: members.map((m) => ({ idNumber: m.id_number, name: m.name, relation: m.relation })),
    };
  }
}
