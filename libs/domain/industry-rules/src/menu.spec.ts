import {
  MENU_ITEM_KINDS,
  MENU_ITEM_KIND_LABELS,
  NO_LABOUR_EVENT,
  type MenuChoice,
  type VillageMenu,
  availableMenuItems,
  checkMenuChoice,
  checkVillageMenu,
} from './menu';

const menu: VillageMenu = {
  villageCode: '430524101201',
  year: 2025,
  items: [
    { itemId: 'loan-1', kind: 'loan', requiresLabour: true },
    {
      itemId: 'div-1',
      kind: 'dividend',
      requiresLabour: false,
      title: { 'zh-CN': '光伏电站分红', en: 'solar dividends' },
    },
    { itemId: 'fiscal-1', kind: 'fiscal_support', requiresLabour: true },
    {
      itemId: 'job-1',
      kind: 'employment',
      requiresLabour: true,
      title: { 'zh-CN': '扶贫车间务工', en: 'workshop job' },
    },
    { itemId: 'proj-1', kind: 'project', requiresLabour: false },
  ],
};

const choice: MenuChoice = {
  household: { registered: true, hasLabour: true, villageCode: '430524101201' },
  itemIds: ['loan-1', 'div-1'],
  menu,
  year: 2025,
  signature: { signedBy: '户主王某', signedOn: '2025-02-10', documentRef: 'doc-001' },
};

const fieldsAndRules = (c: MenuChoice) => checkMenuChoice(c).violations.map((v) => [v.field, v.rule]);

describe('checkMenuChoice (点菜)', () => {
  it('accepts a registered household with labour choosing from its menu', () => {
    expect(checkMenuChoice(choice)).toEqual({ violations: [], publishNoLabour: false, noLabourItemIds: [] });
  });

  it('accepts items without labour for a household without labour', () => {
    const r = checkMenuChoice({
      ...choice,
      household: { ...choice.household, hasLabour: false },
      itemIds: ['div-1', 'proj-1'],
    });
    expect(r).toEqual({ violations: [], publishNoLabour: false, noLabourItemIds: [] });
  });

  it('refuses labour items for a household without labour, pointing to 低保, and asks to publish industry.no-labour', () => {
    const r = checkMenuChoice({
      ...choice,
      household: { ...choice.household, hasLabour: false },
      itemIds: ['div-1', 'loan-1', 'job-1'],
    });
    expect(r.violations.map((v) => [v.field, v.rule])).toEqual([
      ['itemIds[1]', 'no_labour'],
      ['itemIds[2]', 'no_labour'],
    ]);
    expect(r.publishNoLabour).toBe(true);
    expect(r.noLabourItemIds).toEqual(['loan-1', 'job-1']);
    expect(NO_LABOUR_EVENT).toBe('industry.no-labour');
    expect(r.violations[0].message['zh-CN']).toBe(
      '该户无劳动能力，不能选择需要劳动力的“扶贫小额信贷”；请转民政部门纳入低保等社会救助兜底保障',
    );
    expect(r.violations[1].message['zh-CN']).toContain('扶贫车间务工');
    expect(r.violations[1].message.en).toBe(
      'the household has no one able to work and workshop job needs labour; refer it to civil affairs for the minimum ' +
        'living allowance (低保) and other social assistance',
    );
  });

  it('refuses an unregistered household', () => {
    expect(fieldsAndRules({ ...choice, household: { ...choice.household, registered: false } })).toEqual([
      ['household.registered', 'registered_household'],
    ]);
  });

  it('refuses an empty choice, an item twice and one not on the menu', () => {
    expect(fieldsAndRules({ ...choice, itemIds: [] })).toEqual([['itemIds', 'choice_required']]);
    expect(fieldsAndRules({ ...choice, itemIds: ['loan-1', 'x-9', 'loan-1'] })).toEqual([
      ['itemIds[1]', 'not_on_menu'],
      ['itemIds[2]', 'duplicate_item'],
    ]);
  });

  it("refuses another village's or another year's menu", () => {
    expect(fieldsAndRules({ ...choice, household: { ...choice.household, villageCode: '430524101202' } })).toEqual([
      ['menu.villageCode', 'wrong_menu'],
    ]);
    expect(fieldsAndRules({ ...choice, year: 2026 })).toEqual([['menu.year', 'wrong_menu']]);
    const noContext = { ...choice, household: { registered: true, hasLabour: true }, year: undefined };
    expect(fieldsAndRules(noContext)).toEqual([]);
  });

  it('needs the signature: who, a real date, the document', () => {
    expect(
      fieldsAndRules({ ...choice, signature: { signedBy: ' ', signedOn: '2025-02-30', documentRef: '' } }),
    ).toEqual([
      ['signature.signedBy', 'signature_required'],
      ['signature.signedOn', 'signature_date'],
      ['signature.documentRef', 'signature_document'],
    ]);
    const unsigned = { ...choice, signature: undefined } as unknown as MenuChoice;
    expect(fieldsAndRules(unsigned).map((x) => x[1])).toEqual([
      'signature_required',
      'signature_date',
      'signature_document',
    ]);
  });

  it('reports every rule at once', () => {
    const r = checkMenuChoice({
      ...choice,
      household: { registered: false, hasLabour: false },
      itemIds: ['job-1', 'nope'],
      signature: { ...choice.signature, documentRef: '' },
    });
    expect(r.violations.map((v) => v.rule)).toEqual([
      'registered_household',
      'no_labour',
      'not_on_menu',
      'signature_document',
    ]);
    expect(r.publishNoLabour).toBe(true);
  });
});

describe('checkVillageMenu', () => {
  it('accepts a valid menu and labels every kind', () => {
    expect(checkVillageMenu(menu)).toEqual([]);
    for (const kind of MENU_ITEM_KINDS) expect(MENU_ITEM_KIND_LABELS[kind].en).toBeTruthy();
  });

  it('refuses a bad village, year, empty menu, and bad items', () => {
    expect(checkVillageMenu({ villageCode: '4305', year: 25, items: [] }).map((v) => [v.field, v.rule])).toEqual([
      ['villageCode', 'invalid_village'],
      ['year', 'menu_year'],
      ['items', 'menu_empty'],
    ]);
    const items = [
      { itemId: 'a', kind: 'loan', requiresLabour: true },
      { itemId: 'a', kind: 'insurance', requiresLabour: 'yes' },
      { itemId: '', kind: 'loan', requiresLabour: false },
    ] as unknown as VillageMenu['items'];
    expect(checkVillageMenu({ ...menu, items }).map((v) => [v.field, v.rule])).toEqual([
      ['items[1].itemId', 'duplicate_item'],
      ['items[1].kind', 'item_kind'],
      ['items[1].requiresLabour', 'requires_labour'],
      ['items[2].itemId', 'item_id'],
    ]);
  });
});

describe('availableMenuItems', () => {
  it('offers everything to a household with labour, only items without labour otherwise', () => {
    expect(availableMenuItems(menu, true)).toHaveLength(5);
    expect(availableMenuItems(menu, false).map((i) => i.itemId)).toEqual(['div-1', 'proj-1']);
  });
});
