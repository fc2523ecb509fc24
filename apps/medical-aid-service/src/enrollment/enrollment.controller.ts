import { Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodResponse } from '@fupin/service-kit';
import { decisionBody, enrollmentDecided, enrollmentView } from './enrollment.schema';
import { EnrollmentService } from './enrollment.service';

const medicalOfficer = { role: 'department_officer', department: 'medical_aid' } as const;

@ApiTags('enrollments 参保确认')
@ApiBearerAuth()
@Controller('enrollments')
export class EnrollmentController {
  constructor(private readonly enrollments: EnrollmentService) {}

  @Get(':householdId')
  @ApiOperation({ summary: 'Enrollment status and its workflow state (current step, who must act, deadline, history)' })
  @ZodResponse(enrollmentView, { description: 'The enrollment and its workflow state' })
  @Allow(medicalOfficer, { role: 'auditor' }, { role: 'workflow_operator' }, { role: 'county_approver' })
  get(@Param('householdId') householdId: string, @CurrentPrincipal() principal: Principal) {
    return this.enrollments.get(principal, householdId);
  }

  @Post(':householdId/decision')
  @ApiOperation({ summary: 'A county medical-aid officer approves or rejects the enrollment (signed, audited)' })
  @ZodResponse(enrollmentDecided, { status: 201, description: 'Decided: the workflow recorded the decision' })
  @Allow(medicalOfficer)
  decide(
    @Param('householdId') householdId: string,
    @ZodBody(decisionBody) decision: z.output<typeof decisionBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.enrollments.decide(principal, householdId, decision);
  }
}
