import { refusalFailure } from '@fupin/workflows';

/**
 * The village-exit activities' refusal (贫困村退出), typed (`refusalFailure`): the record the workflow writes to
 * is gone — the wrong state, not a retryable fault.
 */
export const villageExitNotFound = (exitId: string) =>
  refusalFailure({
    code: 'village_exit.not_found',
    status: 409,
    message: { 'zh-CN': `未找到贫困村退出 ${exitId}`, en: `village exit ${exitId} not found` },
    data: { exitId },
  });
