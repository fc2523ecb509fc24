import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodQuery, ZodResponse, workItemList, workItemsQuery } from '@fupin/service-kit';
import { WorkItemService } from './work-item.service';

/** Who signs a case's actions: the village, the township, the county relocation office and supervisors, the county. */
const SIGNERS = [
  { role: 'village_cadre' },
  { role: 'township_reviewer' },
  { role: 'county_approver' },
  { role: 'department_officer', department: 'relocation' },
  { role: 'department_officer', department: 'housing' },
  { role: 'workflow_operator' }, // 流程运维: watches every step waiting in their division, signs none
] as const;

@ApiTags('work items 待办')
@ApiBearerAuth()
@Controller('work-items')
export class WorkItemController {
  constructor(private readonly workItems: WorkItemService) {}

  @Get()
  @ApiOperation({
    summary:
      '待办: the relocation and renovation (危房改造) cases whose next action waits for the reader — the actions their role (and department) signs inside their division, and those whose deadline miss was escalated to them — one item per case, overdue and escalated marked',
  })
  @ZodResponse(workItemList, { description: 'The page of items and the totals over all pages' })
  @Allow(...SIGNERS)
  list(@ZodQuery(workItemsQuery) q: z.output<typeof workItemsQuery>, @CurrentPrincipal() principal: Principal) {
    return this.workItems.list(principal, q);
  }
}
