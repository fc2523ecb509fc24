import { type DynamicModule, Module } from '@nestjs/common';
import type { BaseServiceConfig } from '@fupin/config';
import { ServiceKitModule, type ServiceRuntime } from '@fupin/service-kit';
import { RegisteredHouseholdModule } from './households/household.module';

/** The platform (ServiceKitModule: auth, errors, narrow tokens) and one module per feature. */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<BaseServiceConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceKitModule.forRoot(runtime), RegisteredHouseholdModule],
    };
  }
}
