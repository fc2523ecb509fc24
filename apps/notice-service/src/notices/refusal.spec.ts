import { ActivityFailure, RetryState } from '@temporalio/common';
import { NOTICE_REFUSALS, readRefusal, refusalFailure } from '@fupin/workflows';
import { NoticeRefusal, noticeRefusal } from './refusal';

const HAN = /\p{Script=Han}/u;
const signer = { subject: 'u-1', role: 'village_cadre', jurisdiction: '430523101201' };

describe('notice refusals, typed', () => {
  it.each([
    ['NoticeInputInvalid', 400, 'entries.1.villageCode'],
    ['NoticeConflict', 409, 'noticeId'],
    ['NoticeNotFound', 409, undefined],
    ['ObjectionNotFound', 400, 'objectionId'],
    ['ObjectionAlreadyAnswered', 409, undefined],
    ['SignerNotAllowed', 403, undefined],
  ] as const)('%s keeps its type as the code, answered %i naming %s, in Chinese and English', (type, status, field) => {
    const details = [{ field: 'entries.1.villageCode', message: 'village 430523102201 is outside the division' }];
    const e = new NoticeRefusal(type, `refused in English`, type === 'NoticeInputInvalid' ? details : undefined);
    const refusal = noticeRefusal(e, { noticeId: 'n-1', objectionId: 'o-1', answeredBy: signer });
    expect(refusal).toMatchObject({ code: type, status, message: { en: 'refused in English' } });
    expect(refusal.field).toBe(field);
    expect(refusal.message['zh-CN']).toMatch(HAN);
    expect(NOTICE_REFUSALS).toContain(refusal.code);
  });

  it('names the household, the notice or the objection concerned in Chinese', () => {
    const outside = new NoticeRefusal('NoticeInputInvalid', 'x', [{ field: 'entries.2.villageCode', message: 'x' }]);
    expect(noticeRefusal(outside).message['zh-CN']).toBe('公示所列第 3 户不在公示的区划内');
    const gone = new NoticeRefusal('NoticeNotFound', 'notice n-9 does not exist');
    expect(noticeRefusal(gone, { noticeId: 'n-9' }).message['zh-CN']).toBe('公示 n-9 不存在');
    const signerRefused = noticeRefusal(new NoticeRefusal('SignerNotAllowed', 'x'), { answeredBy: signer });
    expect(signerRefused.message['zh-CN']).toContain('village_cadre（430523101201）无权答复该异议');
  });

  it('reach the caller through the activity failure with their details typed', () => {
    const problems = [{ field: 'divisionCode', message: 'a village_notice needs a 12-digit division code' }];
    const e = new NoticeRefusal('NoticeInputInvalid', 'divisionCode: a village_notice needs …', problems);
    const failure = refusalFailure(noticeRefusal(e, { noticeId: 'n-1' }));
    expect(failure).toMatchObject({ type: 'NoticeInputInvalid', nonRetryable: true });
    const wrapped = new ActivityFailure('failed', 'openNotice', '3', RetryState.NON_RETRYABLE_FAILURE, 'w', failure);
    expect(readRefusal(wrapped)).toEqual({
      code: 'NoticeInputInvalid',
      status: 400,
      field: 'divisionCode',
      message: { 'zh-CN': expect.stringMatching(/^公示的区划代码与公示类型不符/), en: e.message },
      data: problems,
    });
  });
});
