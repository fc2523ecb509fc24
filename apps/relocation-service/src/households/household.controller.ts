import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodResponse } from '@fupin/service-kit';
import { registeredHousehold } from './household.schema';
import { RegisteredHouseholdService } from './household.service';

/** Registered households as relocation knows them (from household.registered). */
@ApiTags('households 建档立卡户')
@ApiBearerAuth()
@Controller('households')
export class RegisteredHouseholdController {
  constructor(private readonly households: RegisteredHouseholdService) {}

  @Get(':id')
  @ApiOperation({
    summary:
      'A registered household and its members, as received from identification; an exited one with its transition period (support continues through transitionEndsOn)',
  })
  @ZodResponse(registeredHousehold, { description: 'The household and its members' })
  @Allow(
    { role: 'department_officer', department: 'relocation' },
    { role: 'county_approver' },
    { role: 'township_reviewer' },
    { role: 'auditor' },
  )
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.households.get(principal, id);
  }
}
