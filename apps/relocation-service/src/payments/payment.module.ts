import { Module } from '@nestjs/common';
import { PaymentRepository } from './payment.repository';
import { PaymentService } from './payment.service';

/**
 * 补助资金拨付: service (pay once) → repository (the only SQL). No HTTP of its own: the relocation office approves a
 * tranche through the case workflow (POST /cases/:id/tranches/:milestone/approve), whose activity pays it with this
 * service built outside Nest (`new PaymentService(new PaymentRepository(db))`).
 */
@Module({
  providers: [PaymentService, PaymentRepository],
  exports: [PaymentService],
})
export class PaymentModule {}
