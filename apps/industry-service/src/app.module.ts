import { type DynamicModule, Module } from '@nestjs/common';
import type { BaseServiceConfig } from '@fupin/config';
import { ServiceKitModule, type ServiceRuntime } from '@fupin/service-kit';
import { PartnerModule } from './partners/partner.module';
import { ProjectModule } from './projects/project.module';

/** The platform (ServiceKitModule: auth, errors, health, audit, narrow tokens) and one module per feature. */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<BaseServiceConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceKitModule.forRoot(runtime), PartnerModule, ProjectModule],
    };
  }
}
