import { ActivityFailure, RetryState } from '@temporalio/common';
import { readRefusal } from '@fupin/workflows';
import { claimRefusals } from './claim.refusals';

const wrapped = (failure: Error) =>
  new ActivityFailure('failed', 'payClaim', '4', RetryState.NON_RETRYABLE_FAILURE, 'w', failure);

describe('claim refusals, typed', () => {
  it('say which claim (报销单) and why, in Chinese and English, as the details a caller reads', () => {
    const failure = claimRefusals.notSettled('c-1', 'checked');
    expect(failure).toMatchObject({ type: 'claim.not_settled', nonRetryable: true });
    expect(readRefusal(wrapped(failure))).toEqual({
      code: 'claim.not_settled',
      status: 409,
      message: { 'zh-CN': '报销单 c-1 已核验，尚未结算，不能支付', en: 'claim c-1 is checked, not settled' },
      data: { claimId: 'c-1', status: 'checked' },
    });
    expect(readRefusal(claimRefusals.notFound('c-2'))).toMatchObject({
      code: 'claim.not_found',
      status: 409,
      message: { 'zh-CN': '报销单 c-2 不存在', en: 'claim c-2 does not exist' },
    });
    expect(readRefusal(claimRefusals.alreadyPaid('c-3'))).toMatchObject({ code: 'claim.already_paid', status: 409 });
    expect(readRefusal(claimRefusals.noPolicy('c-4', '430523', 2026))).toMatchObject({
      code: 'claim.no_policy',
      status: 422,
      data: { claimId: 'c-4', countyCode: '430523', year: 2026 },
    });
  });

  it("name the settlement rules' first violation, all of them in the data", () => {
    const violations = [
      {
        field: 'claim.inPolicyCost',
        rule: 'not_above_total',
        message: { 'zh-CN': '政策内费用超过总费用', en: 'in-policy cost above total' },
      },
      { field: 'claim.level', rule: 'known_level', message: { 'zh-CN': '医院级别未知', en: 'unknown hospital level' } },
    ];
    expect(readRefusal(claimRefusals.notSettleable('c-5', violations))).toEqual({
      code: 'claim.not_settleable',
      status: 422,
      field: 'claim.inPolicyCost',
      message: {
        'zh-CN': '报销单 c-5 无法结算：政策内费用超过总费用',
        en: 'claim c-5 cannot be settled: in-policy cost above total',
      },
      data: violations,
    });
  });
});
