import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodQuery, ZodResponse, workItemList, workItemsQuery } from '@fupin/service-kit';
import { WorkItemService } from './work-item.service';

/** Who signs a loan's or a project's steps: village, township, county, the bank, the industry and finance offices. */
const SIGNERS = [
  { role: 'village_cadre' },
  { role: 'township_reviewer' },
  { role: 'county_approver' },
  { role: 'bank' },
  { role: 'department_officer', department: 'industry' },
  { role: 'department_officer', department: 'finance' },
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
      "待办: the microcredit loans (village check, the bank's approval and disbursement) and the projects' funds checkpoints (allocation, implementation, acceptance, rectification, disbursement) waiting for the reader's role (and department) inside their division — one item per loan or project; these steps have no deadlines, so none is due or escalated",
  })
  @ZodResponse(workItemList, { description: 'The page of items and the totals over all pages' })
  @Allow(...SIGNERS)
  list(@ZodQuery(workItemsQuery) q: z.output<typeof workItemsQuery>, @CurrentPrincipal() principal: Principal) {
    return this.workItems.list(principal, q);
  }
}
