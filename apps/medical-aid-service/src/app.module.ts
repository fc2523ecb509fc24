import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule, type ServiceRuntime } from '@fupin/service-kit';
import type { MedicalAidConfig } from './config';
import { ClaimModule } from './claims/claim.module';
import { EnrollmentModule } from './enrollment/enrollment.module';
import { HouseholdHistoryModule } from './households/household-history.module';
import { PolicyModule } from './policies/policy.module';
import { ReportModule } from './reports/report.module';
import { SettlementModule } from './settlement/settlement.module';

/** The platform (ServiceKitModule: auth, errors, narrow tokens) and one module per feature. */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<MedicalAidConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot(runtime),
        EnrollmentModule,
        SettlementModule,
        PolicyModule,
        ClaimModule,
        ReportModule,
        HouseholdHistoryModule,
      ],
    };
  }
}
