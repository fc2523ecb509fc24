import { ActivityFailure, RetryState } from '@temporalio/common';
import { readRefusal } from '@fupin/workflows';
import { villageExitNotFound } from './village-exit.refusals';

it('a village exit gone is a typed 409 the caller reads through the activity failure', () => {
  const failure = villageExitNotFound('e-1');
  expect(failure).toMatchObject({ type: 'village_exit.not_found', nonRetryable: true });
  const wrapped = new ActivityFailure(
    'failed',
    'recordVillageExit',
    '7',
    RetryState.NON_RETRYABLE_FAILURE,
    'w',
    failure,
  );
  expect(readRefusal(wrapped)).toEqual({
    code: 'village_exit.not_found',
    status: 409,
    message: { 'zh-CN': '未找到贫困村退出 e-1', en: 'village exit e-1 not found' },
    data: { exitId: 'e-1' },
  });
});
