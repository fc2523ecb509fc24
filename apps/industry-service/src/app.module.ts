import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule, type ServiceRuntime } from '@fupin/service-kit';
import type { IndustryConfig } from './config';
import { DividendModule } from './dividends/dividend.module';
import { EmploymentModule } from './employment/employment.module';
import { FiscalSupportModule } from './fiscal-support/fiscal-support.module';
import { HouseholdHistoryModule } from './households/household-history.module';
import { LoanScheduleModule } from './loans/loan-schedule.module';
import { LoanModule } from './loans/loan.module';
import { MenuModule } from './menu/menu.module';
import { PartnerModule } from './partners/partner.module';
import { ProjectFundsModule } from './project-funds/project-funds.module';
import { ProjectModule } from './projects/project.module';
import { IndustryReportModule } from './reports/report.module';
import { WorkItemModule } from './work-items/work-item.module';

/** The platform (ServiceKitModule: auth, errors, health, audit, narrow tokens) and one module per feature. */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<IndustryConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot(runtime),
        PartnerModule,
        ProjectModule,
        ProjectFundsModule,
        FiscalSupportModule,
        LoanScheduleModule,
        LoanModule,
        IndustryReportModule,
        DividendModule,
        MenuModule,
        EmploymentModule,
        HouseholdHistoryModule,
        WorkItemModule,
      ],
    };
  }
}
