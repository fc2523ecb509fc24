import { Injectable } from '@nestjs/common';
import { settleClaim } from '@fupin/medical-aid-rules';
import { violationsError } from '@fupin/service-kit';
import type { PreviewInput } from './settlement.schema';

/** 一站式结算 on paper: the rules library settles, nothing is read or written (hence no repository). */
@Injectable()
export class SettlementService {
  preview(input: PreviewInput) {
    const result = settleClaim(input);
    if (!result.ok) throw violationsError(result.violations);
    return result.value;
  }
}
