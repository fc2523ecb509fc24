import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule, type ServiceRuntime } from '@fupin/service-kit';
import { AreaModule } from './areas/area.module';
import { CaseWorkflowModule } from './case-workflow/case-workflow.module';
import { CaseModule } from './cases/case.module';
import type { RelocationConfig } from './config';
import { RegisteredHouseholdModule } from './households/household.module';
import { PaymentModule } from './payments/payment.module';
import { RenovationModule } from './renovations/renovation.module';
import { ReportModule } from './reports/report.module';
import { SiteModule } from './sites/site.module';
import { WorkItemModule } from './work-items/work-item.module';

/** The platform (ServiceKitModule: auth, errors, narrow tokens) and one module per feature. */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<RelocationConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot(runtime),
        RegisteredHouseholdModule,
        AreaModule,
        SiteModule,
        CaseModule,
        CaseWorkflowModule,
        PaymentModule,
        RenovationModule,
        ReportModule,
        WorkItemModule,
      ],
    };
  }
}
