import { planBody } from './case.schema';

const issues = (body: unknown) => {
  const r = planBody.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

it('needs a home area for every mode but monetary resettlement, which has none', () => {
  expect(issues({ mode: 'nearby', siteCode: 'XZ-01', areaM2: 75 })).toEqual([]);
  expect(issues({ mode: 'nearby', siteCode: 'XZ-01' })).toEqual(['areaM2']);
  expect(issues({ mode: 'monetary' })).toEqual([]);
  expect(issues({ mode: 'monetary', areaM2: 50 })).toEqual(['areaM2']);
});

it('refuses negative or absurd areas and persons, and unknown fields', () => {
  expect(issues({ mode: 'nearby', siteCode: 'XZ-01', areaM2: -1 })).toEqual(['areaM2']);
  expect(issues({ mode: 'nearby', siteCode: 'XZ-01', areaM2: 1e9 })).toEqual(['areaM2']);
  expect(issues({ mode: 'nearby', siteCode: 'XZ-01', areaM2: 50, persons: 0 })).toEqual(['persons']);
  expect(issues({ mode: 'nearby', siteCode: 'XZ-01', areaM2: 50, subsidyFen: 1 })).toEqual(['']);
});
