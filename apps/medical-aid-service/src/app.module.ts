import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule, type ServiceRuntime } from '@fupin/service-kit';
import type { MedicalAidConfig } from './config';
import { EnrollmentController } from './enrollment/enrollment.controller';
import { SettlementController } from './settlement/settlement.controller';
import { PolicyController } from './policies/policy.controller';
import { ClaimController } from './claims/claim.controller';
import { ReportController } from './reports/monthly-report';

@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<MedicalAidConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceKitModule.forRoot(runtime)],
      controllers: [EnrollmentController, SettlementController, PolicyController, ClaimController, ReportController],
    };
  }
}
