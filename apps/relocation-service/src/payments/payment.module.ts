import { Module } from '@nestjs/common';
import { PaymentController } from './payment.controller';
import { PaymentRepository } from './payment.repository';
import { PaymentService } from './payment.service';

/**
 * 补助资金拨付: controller (HTTP) → service (pay once) → repository (the only SQL). The case workflow's activities
 * build the same service outside Nest (`new PaymentService(new PaymentRepository(db))`).
 */
@Module({
  controllers: [PaymentController],
  providers: [PaymentService, PaymentRepository],
  exports: [PaymentService],
})
export class PaymentModule {}
