import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodQuery, ZodResponse, workItemList, workItemsQuery } from '@fupin/service-kit';
import { OFFICIALS } from '../procedure-http';
import { WorkItemService } from './work-item.service';

@ApiTags('work items 待办')
@ApiBearerAuth()
@Controller('work-items')
export class WorkItemController {
  constructor(private readonly workItems: WorkItemService) {}

  @Get()
  @ApiOperation({
    summary:
      "待办: the steps of identification rounds, household exits, village exits (the county's, after the township notice) and relapse monitoring (the first support measure) waiting for the reader — the steps their role signs inside their jurisdiction, and those whose deadline miss was escalated to them — one item per run and step with its households counted, overdue and escalated marked; a workflow operator sees every step waiting inside their division, whoever signs it (stuck ones first by deadline)",
  })
  @ZodResponse(workItemList, { description: 'The page of items and the totals over all pages' })
  @Allow(...OFFICIALS, { role: 'workflow_operator' })
  list(@ZodQuery(workItemsQuery) q: z.output<typeof workItemsQuery>, @CurrentPrincipal() principal: Principal) {
    return this.workItems.list(principal, q);
  }
}
