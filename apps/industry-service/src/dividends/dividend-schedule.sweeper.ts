import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Logger } from '@fupin/observability';
import { InjectLogger } from '@fupin/service-kit';
import { DividendRepository } from './dividend.repository';
import { DividendService } from './dividend.service';

/** How often contracts whose schedule was never created are looked for, and how old they must be (a request's slack). */
const SWEEP_EVERY_MS = 60_000;
const OLDER_THAN_MS = 60_000;

/**
 * A contract is committed before its schedule `dividend:<id>` is created (Temporal is not in the transaction): if the
 * process dies between the two and nobody repeats the request, the contract would wait forever. Every minute this
 * creates the schedules of contracts recorded more than a minute ago that still have none (idempotent: a schedule that
 * exists is left alone), so nothing recorded is left unraised.
 */
@Injectable()
export class DividendScheduleSweeper implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dividends: DividendRepository,
    private readonly service: DividendService,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(
      () =>
        void this.sweep().catch((e) =>
          this.logger.warn({ err: e }, 'dividend schedule sweep failed; next in a minute'),
        ),
      SWEEP_EVERY_MS,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Create every missing schedule of contracts older than `olderThanMs`; how many were created. */
  async sweep(olderThanMs = OLDER_THAN_MS): Promise<number> {
    const ids = await this.dividends.withoutSchedule(new Date(Date.now() - olderThanMs));
    for (const id of ids) await this.service.ensureSchedule(id);
    return ids.length;
  }
}
