import { type DynamicModule, Module } from '@nestjs/common';
import type { BaseServiceConfig } from '@fupin/config';
import { ServiceKitModule, type ServiceRuntime } from '@fupin/service-kit';

/**
 * The platform (ServiceKitModule: auth, errors, health, audit, narrow tokens) and, as they come, one module per
 * feature (`<feature>/<feature>.module.ts`: controller → service → repository, as in relocation-service).
 */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<BaseServiceConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceKitModule.forRoot(runtime)],
    };
  }
}
