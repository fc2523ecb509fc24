import {
  ContractViolation,
  allTopics,
  buildEvent,
  contractFor,
  contracts,
  eventEnvelopeSchema,
  parseEvent,
  safeParseEvent,
  type EventActor,
  type KnownEvent,
} from './index';

const householdId = '8d6f1c1e-8a53-4c1c-9a2b-2f0f6b7d9e10';
const otherId = '3f2b8c4a-1d2e-4f5a-8b6c-7d8e9f0a1b2c';
const head = '11010519491231002X';
const child = '440524188001010014';
const registered = {
  householdId,
  villageCode: '430523101201',
  headName: '阿依古丽·买买提',
  headIdNumber: head,
  memberCount: 2,
  members: [
    { idNumber: head, name: '阿依古丽·买买提', relation: '户主' },
    { idNumber: child, name: '张三', relation: '之子' },
  ],
  registeredAt: '2019-03-01T08:00:00.000Z',
};
const cadre: EventActor = { subject: 'u-1', role: 'village_cadre', jurisdiction: '430523101201' };

function violationOf(fn: () => unknown): ContractViolation {
  try {
    fn();
  } catch (e) {
    if (e instanceof ContractViolation) return e;
    throw e;
  }
  throw new Error('expected a ContractViolation');
}
const paths = (fn: () => unknown) => violationOf(fn).issues.map((i) => i.path);

describe('event contracts', () => {
  const samples: Array<[keyof typeof contracts, unknown]> = [
    ['householdRegistered', registered],
    ['householdUpdated', { householdId, changes: { headName: '李四' } }],
    [
      'identificationDecided',
      { householdId, outcome: 'refused', reason: '家庭成员有财政供养人员 (a member is paid from public funds)' },
    ],
    ['objectionFiled', { objectionId: otherId, noticeId: householdId }],
    [
      'objectionResolved',
      { objectionId: otherId, noticeId: householdId, householdId, outcome: 'dismissed', reason: '经复核情况不属实' },
    ],
    [
      'objectionFiled',
      {
        objectionId: otherId,
        noticeId: householdId,
        householdId,
        reason: '该户有小汽车',
        ownerWorkflowId: 'identification-round:430523101201:2019',
        noticeKind: 'village_notice',
      },
    ],
    [
      'objectionResolved',
      {
        objectionId: otherId,
        noticeId: householdId,
        householdId,
        outcome: 'upheld',
        reason: '核实属实，取消该户',
        ownerWorkflowId: 'identification-round:430523101201:2019',
        noticeKind: 'county_announcement',
        answeredBy: 'county-li',
        answeredAt: '2019-03-09T08:00:00.000Z',
      },
    ],
    [
      'noticeOpened',
      {
        noticeId: householdId,
        kind: 'village_notice',
        procedure: 'identification',
        divisionCode: '430523101201',
        ownerWorkflowId: 'identification-round:430523101201:2019',
        householdIds: [householdId, otherId],
        openedAt: '2019-03-01T08:00:00.000Z',
        closesAt: '2019-03-08T08:00:00.000Z',
      },
    ],
    [
      'noticeClosed',
      {
        noticeId: householdId,
        kind: 'county_announcement',
        procedure: 'exit',
        divisionCode: '430523',
        ownerWorkflowId: 'exit-round:430523:2020',
        closedAt: '2019-03-08T08:00:01.000Z',
        objections: 0,
      },
    ],
    [
      'villageExited',
      {
        exitId: otherId,
        villageCode: '430523101201',
        year: 2020,
        poorNotExited: 5,
        ruralPopulation: 400,
        incidenceBp: 125,
        thresholdBp: 200,
        decidedBy: 'approver-liu',
        exitedAt: '2020-11-01T08:00:00.000Z',
      },
    ],
    [
      'enrollmentDecided',
      { householdId, idNumbers: [head, child], outcome: 'approved', decidedBy: 'officer-7', reason: 'ok' },
    ],
    ['enrollmentDecided', { householdId, outcome: 'expired', reason: 'decision deadline passed' }],
  ];

  it.each(samples)('%s round-trips through JSON', (name, payload) => {
    const definition = contracts[name];
    const event = buildEvent(definition as typeof contracts.householdRegistered, {
      aggregateId: householdId,
      actor: cadre,
      payload: payload as typeof registered,
    });
    expect(eventEnvelopeSchema.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({ type: definition.type, version: definition.version, payload });
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('narrows the parsed event by type', () => {
    const event: KnownEvent = parseEvent(
      JSON.parse(
        JSON.stringify(
          buildEvent(contracts.householdRegistered, { aggregateId: householdId, actor: cadre, payload: registered }),
        ),
      ),
    );
    if (event.type !== 'household.registered') throw new Error('wrong type');
    expect(event.payload.members.map((m) => m.idNumber)).toEqual([head, child]);
  });

  it('refuses an unknown version or type', () => {
    const event = buildEvent(contracts.householdRegistered, {
      aggregateId: householdId,
      actor: cadre,
      payload: registered,
    });
    const wrongVersion = violationOf(() => parseEvent({ ...event, version: 9 }));
    expect(wrongVersion.issues).toEqual([
      { path: 'version', message: 'household.registered has no version 9 (known: 1)' },
    ]);
    expect(paths(() => parseEvent({ ...event, type: 'household.vanished' }))).toEqual(['type']);
    expect(paths(() => parseEvent({ ...event, version: 0 }))).toEqual(['version']);
    expect(paths(() => parseEvent({ ...event, version: '1' }))).toEqual(['version']);
  });

  it('names the missing or wrong payload field', () => {
    const event = buildEvent(contracts.householdRegistered, {
      aggregateId: householdId,
      actor: cadre,
      payload: registered,
    });
    const { headIdNumber: _omit, ...withoutHead } = registered;
    const missing = violationOf(() => parseEvent({ ...event, payload: withoutHead }));
    expect(missing.issues.map((i) => i.path)).toContain('payload.headIdNumber');
    expect(missing.message).toContain('payload.headIdNumber');
    expect(
      paths(() =>
        parseEvent({
          ...event,
          payload: { ...registered, members: [registered.members[0], { ...registered.members[1], idNumber: '123' }] },
        }),
      ),
    ).toEqual(['payload.members.1.idNumber']);
    expect(paths(() => parseEvent({ ...event, payload: undefined }))).toContain('payload');
  });

  it('refuses a malformed envelope', () => {
    const event = buildEvent(contracts.householdRegistered, {
      aggregateId: householdId,
      actor: cadre,
      payload: registered,
    });
    expect(paths(() => parseEvent({ ...event, id: 'not-a-uuid' }))).toEqual(['id']);
    expect(paths(() => parseEvent({ ...event, occurredAt: '2019-03-01T16:00:00+08:00' }))).toEqual(['occurredAt']);
    expect(paths(() => parseEvent({ ...event, actor: { subject: 'u-1' } }))).toEqual(['actor']);
    expect(paths(() => parseEvent(null))).toEqual(['']);
    expect(safeParseEvent('garbage')).toMatchObject({ ok: false, error: expect.any(ContractViolation) });
  });

  it('refuses to build an invalid payload on the producer side', () => {
    const build = (payload: typeof registered) => () =>
      buildEvent(contracts.householdRegistered, { aggregateId: householdId, actor: cadre, payload });
    expect(paths(build({ ...registered, memberCount: 0 }))).toEqual(['payload.memberCount', 'payload.memberCount']);
    expect(paths(build({ ...registered, memberCount: 3 }))).toEqual(['payload.memberCount']);
    expect(paths(build({ ...registered, villageCode: '4305231012' }))).toEqual(['payload.villageCode']);
    expect(
      paths(build({ ...registered, headIdNumber: child, members: [registered.members[0], registered.members[0]] })),
    ).toEqual(['payload.members.1.idNumber', 'payload.headIdNumber']);
    expect(
      paths(() =>
        buildEvent(contracts.enrollmentDecided, {
          aggregateId: householdId,
          actor: cadre,
          payload: { householdId, outcome: 'approved' },
        }),
      ),
    ).toEqual(['payload.decidedBy']);
    expect(
      paths(() =>
        buildEvent(contracts.householdUpdated, {
          aggregateId: householdId,
          actor: cadre,
          payload: { householdId, changes: {} },
        }),
      ),
    ).toEqual(['payload.changes']);
  });

  it('validates the envelope on the producer side too', () => {
    expect(
      paths(() =>
        buildEvent(contracts.householdRegistered, {
          aggregateId: '',
          actor: { system: '' },
          payload: registered,
          id: 'x',
        }),
      ),
    ).toEqual(['id', 'aggregateId', 'actor.system']);
  });

  it('takes ids from the caller, a generator, or crypto.randomUUID', () => {
    const input = { aggregateId: householdId, actor: { system: 'medical-enrollment-deadline' }, payload: registered };
    expect(buildEvent(contracts.householdRegistered, { ...input, id: otherId }).id).toBe(otherId);
    expect(buildEvent(contracts.householdRegistered, { ...input, generateId: () => otherId }).id).toBe(otherId);
    const a = buildEvent(contracts.householdRegistered, input);
    const b = buildEvent(contracts.householdRegistered, input);
    expect(a.id).not.toBe(b.id);
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(
      buildEvent(contracts.householdRegistered, { ...input, occurredAt: new Date(Date.UTC(2019, 2, 1)) }).occurredAt,
    ).toBe('2019-03-01T00:00:00.000Z');
  });

  it('keeps objection v1 events from before the optional fields valid, and checks the new fields', () => {
    const old = buildEvent(contracts.objectionFiled, {
      aggregateId: otherId,
      actor: { system: 'public-objection' },
      payload: { objectionId: otherId, noticeId: householdId },
    });
    expect(parseEvent(JSON.parse(JSON.stringify(old))).payload).toEqual({
      objectionId: otherId,
      noticeId: householdId,
    });
    expect(
      paths(() =>
        buildEvent(contracts.objectionFiled, {
          aggregateId: otherId,
          actor: cadre,
          payload: { objectionId: otherId, noticeId: householdId, noticeKind: 'bulletin' as never },
        }),
      ),
    ).toEqual(['payload.noticeKind']);
    expect(
      paths(() =>
        buildEvent(contracts.objectionResolved, {
          aggregateId: otherId,
          actor: cadre,
          payload: {
            objectionId: otherId,
            noticeId: householdId,
            outcome: 'dismissed',
            reason: 'x',
            answeredAt: '2019-03-09T16:00:00+08:00',
          },
        }),
      ),
    ).toEqual(['payload.answeredAt']);
  });

  it('refuses a notice event with a bad division, no households, or a negative objection count', () => {
    const opened = {
      noticeId: householdId,
      kind: 'village_notice' as const,
      procedure: 'identification' as const,
      divisionCode: '4305',
      ownerWorkflowId: 'w',
      householdIds: [],
      openedAt: '2019-03-01T08:00:00.000Z',
      closesAt: '2019-03-08T08:00:00.000Z',
    };
    expect(
      paths(() =>
        buildEvent(contracts.noticeOpened, { aggregateId: householdId, actor: { system: 'w' }, payload: opened }),
      ),
    ).toEqual(['payload.divisionCode', 'payload.householdIds']);
    expect(
      paths(() =>
        buildEvent(contracts.noticeClosed, {
          aggregateId: householdId,
          actor: { system: 'w' },
          payload: {
            noticeId: householdId,
            kind: 'village_notice',
            procedure: 'identification',
            divisionCode: '430523',
            ownerWorkflowId: 'w',
            closedAt: '2019-03-08T08:00:00.000Z',
            objections: -1,
          },
        }),
      ),
    ).toEqual(['payload.objections']);
  });

  it('looks up contracts and lists every topic once', () => {
    expect(contractFor('household.registered', 1)).toBe(contracts.householdRegistered);
    expect(contractFor('household.registered', 2)).toBeUndefined();
    expect(allTopics()).toEqual([
      'identification.decision',
      'identification.household',
      'identification.village',
      'industry.dividend',
      'industry.employment',
      'industry.household',
      'industry.income',
      'industry.loan',
      'medical-aid.claim',
      'medical-aid.enrollment',
      'notice.notice',
      'notice.objection',
      'relocation.case',
    ]);
  });

  it('claim events: amounts in whole fen, never negative', () => {
    const ok = {
      claimId: '3f8b2c1e-0d6a-4e59-9b1a-7c2d4e5f6a7b',
      idNumber: '43052319680314001X',
      countyCode: '430523',
      policyId: '9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      registeredPoor: true,
      basic: 67500,
      critical: 0,
      assistance: 31500,
      backstop: 9000,
      patientPays: 42000,
      review: false,
    };
    expect(contracts.claimSettled.payload.safeParse(ok).success).toBe(true);
    expect(contracts.claimSettled.payload.safeParse({ ...ok, basic: 675.5 }).success).toBe(false);
    expect(contracts.claimSettled.payload.safeParse({ ...ok, backstop: -1 }).success).toBe(false);
  });
});
