import type { NoticeRefusal as RefusalType } from '@fupin/workflows';

/**
 * A refusal of an activity call: retrying cannot help. The activity layer turns it into a
 * non-retryable ApplicationFailure of this `type` (listed in NOTICE_REFUSALS).
 */
export class NoticeRefusal extends Error {
  constructor(
    readonly type: RefusalType,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'NoticeRefusal';
  }
}
