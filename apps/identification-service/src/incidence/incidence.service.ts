import { Injectable } from '@nestjs/common';
import { type IncidenceReport, incidenceReport } from '@fupin/exit-rules';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import type { SqlExecutor } from '@fupin/persistence';
import { InjectConfig } from '@fupin/service-kit';
import type { IdentificationConfig } from '../config';
import { IncidenceRepository } from './incidence.repository';

/** 贫困发生率 per village and for the area, against the line configured for where it lies. */
@Injectable()
export class IncidenceService {
  constructor(
    private readonly incidence: IncidenceRepository,
    @InjectConfig() private readonly config: IdentificationConfig,
  ) {}

  /** The report of a division inside the caller's jurisdiction. */
  report(principal: Principal, divisionCode: string): Promise<IncidenceReport> {
    assertJurisdiction(principal, divisionCode, 'division');
    return this.reportFor(divisionCode);
  }

  /** The report without a caller (e.g. a county assessment's evaluation, inside its transaction). */
  async reportFor(divisionCode: string, executor?: SqlExecutor): Promise<IncidenceReport> {
    const counts = await this.incidence.villageCounts(divisionCode, executor);
    return incidenceReport(divisionCode, counts, this.config.exitArea.incidence);
  }
}
