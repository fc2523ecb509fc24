import { ContractViolation, allTopics, buildEvent, parseEvent } from './envelope';
import { contracts } from './events';

const payload = {
  householdId: '8d6f1c1e-8a53-4c1c-9a2b-2f0f6b7d9e10',
  villageCode: '430523101201',
  headName: '阿依古丽·买买提',
  headIdNumber: '11010519491231002X',
  memberCount: 1,
  members: [{ idNumber: '11010519491231002X', name: '阿依古丽·买买提', relation: '户主' }],
  registeredAt: '2026-11-23T01:00:00.000Z',
};
const actor = { subject: 'u1', role: 'village_cadre', jurisdiction: '430523101201' };

describe('event contracts', () => {
  it('round-trips a valid event through JSON', () => {
    const event = buildEvent(contracts.householdRegistered, { aggregateId: payload.householdId, actor, payload });
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });
  it('refuses an unknown type or version', () => {
    const event = buildEvent(contracts.householdRegistered, { aggregateId: payload.householdId, actor, payload });
    expect(() => parseEvent({ ...event, version: 9 })).toThrow(/household.registered v9 is not a known contract/);
    expect(() => parseEvent({ ...event, type: 'household.vanished' })).toThrow(ContractViolation);
  });
  it('names the missing payload field', () => {
    const event = buildEvent(contracts.householdRegistered, { aggregateId: payload.householdId, actor, payload });
    const { headIdNumber: _omit, ...rest } = payload;
    expect(() => parseEvent({ ...event, payload: rest })).toThrow(/headIdNumber/);
  });
  it('refuses to build an invalid payload on the producer side', () => {
    expect(() => buildEvent(contracts.householdRegistered, { aggregateId: 'x', actor, payload: { ...payload, memberCount: 0 } })).toThrow(/memberCount/);
  });
  it('lists every topic once', () => {
    expect(allTopics()).toEqual(['identification.decision', 'identification.household', 'medical-aid.enrollment', 'notice.objection']);
  });
});
