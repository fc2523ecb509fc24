import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule, type ServiceRuntime } from '@fupin/service-kit';
import type { MedicalAidConfig } from './config';
import { EnrollmentController } from './enrollment/enrollment.controller';

@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime<MedicalAidConfig>): DynamicModule {
    return { module: AppModule, imports: [ServiceKitModule.forRoot(runtime)], controllers: [EnrollmentController] };
  }
}
