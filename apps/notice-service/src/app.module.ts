import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule, type ServiceRuntime } from '@fupin/service-kit';
import type { NoticeConfig } from './config';
import { NoticeModule } from './notices/notice.module';

/** The platform (ServiceKitModule: auth, errors, narrow tokens) and the feature modules. */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<NoticeConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceKitModule.forRoot(runtime), NoticeModule],
    };
  }
}
