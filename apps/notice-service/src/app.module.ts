import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule, type ServiceRuntime } from '@fupin/service-kit';
import type { NoticeConfig } from './config';
import { NoticeController } from './notices/notice.controller';
import { ObjectionController } from './notices/objection.controller';

@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<NoticeConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceKitModule.forRoot(runtime)],
      controllers: [NoticeController, ObjectionController],
    };
  }
}
