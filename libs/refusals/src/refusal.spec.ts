import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { readRefusal, refusalFailure } from './refusal';

describe('workflow refusals', () => {
  it('carry their code, status, field, message and data in details[0]', () => {
    const failure = refusalFailure({
      code: 'round.relative_needs_reason',
      status: 409,
      field: 'reason',
      message: { 'zh-CN': '须写明理由', en: 'give the reason' },
      data: { householdId: 'h1' },
    });
    expect(failure).toMatchObject({ type: 'round.relative_needs_reason', nonRetryable: true });
    expect(failure.message).toBe('give the reason / 须写明理由');
    expect(readRefusal(failure)).toEqual({
      code: 'round.relative_needs_reason',
      status: 409,
      field: 'reason',
      message: { 'zh-CN': '须写明理由', en: 'give the reason' },
      data: { householdId: 'h1' },
    });
  });

  it('are read through the activity failure that wraps them', () => {
    const refusal = refusalFailure({ code: 'x.gone', status: 422, message: { 'zh-CN': '无', en: 'gone' } });
    const wrapped = new ActivityFailure('activity failed', 'act', '1', RetryState.NON_RETRYABLE_FAILURE, 'w', refusal);
    expect(readRefusal(wrapped)).toEqual({ code: 'x.gone', status: 422, message: { 'zh-CN': '无', en: 'gone' } });
  });

  it.each([
    ['procedure.wrong_level', 403, undefined],
    ['village_exit.out_of_jurisdiction', 403, undefined],
    ['procedure.reason_required', 400, 'reason'],
    ['exit.signature_required', 400, 'signatures'],
    ['monitoring.invalid_measure', 400, undefined],
    ['round.unknown_household', 400, undefined],
    ['round.relative_needs_reason', 409, 'reason'],
    ['round.ineligible', 409, undefined],
  ])('of the old `en / zh` format (%s) keep their old status and field', (type, status, field) => {
    const old = ApplicationFailure.nonRetryable('in English / 中文', type, { householdId: 'h1' });
    const read = readRefusal(old);
    expect(read).toMatchObject({ code: type, status, message: { 'zh-CN': '中文', en: 'in English' } });
    expect(read.field).toBe(field);
    expect(read.data).toEqual({ householdId: 'h1' });
  });

  it('without any type is a 409 procedure.refused', () => {
    expect(readRefusal(undefined)).toEqual({
      code: 'procedure.refused',
      status: 409,
      message: { 'zh-CN': 'refused', en: 'refused' },
    });
  });
});
