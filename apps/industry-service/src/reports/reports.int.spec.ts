// 产业扶贫统计 on real PostgreSQL: records of every kind written for two villages of a township (a loan being repaid
// in arrears with a repayment and a subsidy net of a clawback, a refused loan not counted, a dividend contract with
// items paid / missed / due, a fiscal support delivered, a job with wages, a village project disbursed and a township
// project at its allocation) and the report's figures per village, township, county and total — a household served
// by several items counted once; CSV and XLSX with the same rows; another county's reader refused.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { call, testToken, withSuperuser } from '@fupin/testing';
import {
  COUNTY,
  type IndustryTestService,
  creditCode,
  freshVillage,
  industryOfficer,
  registerHousehold,
  startIndustry,
} from '../test-support';

jest.setTimeout(120_000);

let svc: IndustryTestService;
beforeAll(async () => {
  svc = await startIndustry();
});
afterAll(async () => {
  await svc?.stop();
});

type Row = Record<string, number | string>;

const sql = (text: string, values: unknown[] = []) => withSuperuser(svc.db.url, (c) => c.query(text, values));

async function loan(householdId: string, village: string, step: string, inArrears: boolean): Promise<string> {
  const id = randomUUID();
  await sql(
    `INSERT INTO microcredit_loan (id, household_id, village_code, county_code, borrower_id_number, borrower_name,
       principal_fen, term_months, annual_rate_bp, repayment, purpose, purpose_detail, applied_on, step, workflow_id,
       created_by, in_arrears, disbursed_on)
     VALUES ($1::uuid, $2, $3, $4, '430523199001011234', '王', 3000000, 36, 435, 'equal_instalment', 'breeding', '养牛',
       '2026-01-05', $5, 'microcredit:' || $1::text, 'test', $6, '2026-01-10')`,
    [id, householdId, village, COUNTY, step, inArrears],
  );
  return id;
}

it('derives every figure per village, township, county and total, each household once', async () => {
  const township = freshVillage().slice(0, 9);
  const [v1, v2] = [`${township}201`, `${township}202`];
  const [a, b] = [await registerHousehold(svc, v1), await registerHousehold(svc, v1)];
  const c = await registerHousehold(svc, v2);
  // household a: a loan in arrears (repaid 100,000 fen; subsidy 5,000 paid, 1,000 clawed back), a dividend contract,
  // fiscal support and a job: counted once
  const l1 = await loan(a, v1, 'servicing', true);
  await loan(b, v1, 'refused', false);
  await sql(
    `INSERT INTO loan_repayment (loan_id, bank_ref, paid_on, amount_fen, recorded_by) VALUES ($1, 'R1', '2026-02-10', 100000, 't')`,
    [l1],
  );
  await sql(
    `INSERT INTO loan_subsidy (loan_id, quarter, subsidy_fen, clawback_fen, payment_ref) VALUES ($1::uuid, '2026-Q1', 5000, 1000, 'LS-' || $1::text)`,
    [l1],
  );
  const partner = randomUUID();
  await sql(
    `INSERT INTO partner (id, credit_code, name, kind, county_code, bank_account_ref, registered_by) VALUES ($1, $2, '合作社', 'cooperative', $3, 'ACC', 't')`,
    [partner, creditCode(), COUNTY],
  );
  const contract = randomUUID();
  await sql(
    `INSERT INTO dividend_contract (id, household_id, partner_id, village_code, county_code, principal_fen, fund_source,
       fund_ref, dividend, payment_dates, start_on, term_years, term_end_on, schedule_id, created_by)
     VALUES ($1::uuid, $2, $3, $4, $5, 3000000, 'fiscal', 'F-1', '{"kind":"fixed","amountFen":300000}', '{"kind":"yearly","monthDay":"12-01"}',
       '2024-01-01', 3, '2027-01-01', 'dividend:' || $1::text, 't')`,
    [contract, a, partner, v1, COUNTY],
  );
  await sql(
    `INSERT INTO dividend_item (contract_id, due_on, kind, seq, contract_year, amount_fen, status, payment_ref, paid_on) VALUES
       ($1, '2024-12-01', 'dividend', 1, 1, 300000, 'paid', 'P1', '2024-12-05'),
       ($1, '2025-12-01', 'dividend', 2, 2, 300000, 'missed', NULL, NULL),
       ($1, '2026-12-01', 'dividend', 3, 3, 300000, 'due', NULL, NULL),
       ($1, '2027-01-01', 'principal', 4, 3, 3000000, 'scheduled', NULL, NULL)`,
    [contract],
  );
  await sql(
    `INSERT INTO fiscal_support (id, household_id, village_code, county_code, catalogue_year, decided_on, total_fen, created_by, delivered_on,
       delivery_signed_by, survival_check_from)
     VALUES ($1, $2, $3, $4, 2026, '2026-03-01', 420000, 't', '2026-03-10', '王', '2026-09-10'),
            ($5, $6, $7, $4, 2026, '2026-03-01', 80000, 't', NULL, NULL, NULL)`,
    [randomUUID(), a, v1, COUNTY, randomUUID(), c, v2],
  );
  const job = randomUUID();
  const placement = randomUUID();
  await sql(
    `INSERT INTO employment_job (id, kind, category, post_name, division_code, county_code, monthly_wage_fen, positions, created_by)
     VALUES ($1, 'public_welfare_post', 'sanitation', '保洁员', $2, $3, 80000, 2, 't')`,
    [job, v1, COUNTY],
  );
  await sql(
    `INSERT INTO employment_placement (id, job_id, household_id, village_code, id_number, person_name, started_on, monthly_wage_fen, placed_by)
     VALUES ($1::uuid, $2, $3, $4, '430523199001011234', '王', '2026-01-01', 80000, 't')`,
    [placement, job, a, v1],
  );
  await sql(
    `INSERT INTO placement_wage (placement_id, month, amount_fen, earned_on, income_id, recorded_by) VALUES
       ($1, '2026-01', 80000, '2026-01-31', $2, 't'), ($1, '2026-02', 80000, '2026-02-28', $3, 't')`,
    [placement, randomUUID(), randomUUID()],
  );
  // a village project disbursed (beneficiary c), a township project waiting for its allocation
  const [p1, p2] = [randomUUID(), randomUUID()];
  await sql(
    `INSERT INTO industry_project (id, name, kind, division_code, county_code, year, budget_fen, fund_source, expected_income_fen_per_household, created_by)
     VALUES ($1, '黄牛', 'breeding', $2, $3, 2026, 1000000, 'special_fund', 1000, 't'), ($4, '茶叶', 'planting', $5, $3, 2026, 2000000, 'special_fund', 1000, 't')`,
    [p1, v2, COUNTY, p2, township],
  );
  await sql(`INSERT INTO project_beneficiary (project_id, household_id) VALUES ($1, $2)`, [p1, c]);
  await sql(
    `INSERT INTO project_funds (project_id, step, allocated_fen, disbursed_fen, payment_ref, to_account_ref, paid_at, workflow_id, started_by)
     VALUES ($1::uuid, 'disbursed', 900000, 900000, 'PF-' || $1::text, 'ACC', now(), 'project-funds:' || $1::text, 't')`,
    [p1],
  );

  const token = await industryOfficer();
  const report = await call<{ rows: Row[] }>('GET', `${svc.url}/reports/industry?division=${township}`, { token });
  expect(report.status).toBe(200);
  const byKey = Object.fromEntries(report.body.rows.map((r) => [`${r.level}:${r.key}`, r]));
  expect(Object.keys(byKey)).toEqual([`total:${township}`, `township:${township}`, `village:${v1}`, `village:${v2}`]);
  expect(byKey[`village:${v1}`]).toMatchObject({
    households: 1, // a (b's loan was refused)
    loansActive: 1,
    loanPrincipalFen: 3_000_000,
    loanRepaidFen: 100_000,
    loansInArrears: 1,
    subsidyPaidFen: 4_000,
    dividendsDue: 1,
    dividendsPaid: 1,
    dividendsPaidFen: 300_000,
    dividendsMissed: 1,
    dividendsMissedFen: 300_000,
    fiscalSupports: 1,
    fiscalSupportFen: 420_000,
    fiscalDelivered: 1,
    jobs: 1,
    wagesFen: 160_000,
    projects: 0,
  });
  expect(byKey[`village:${v2}`]).toMatchObject({
    households: 1,
    fiscalSupports: 1,
    fiscalDelivered: 0,
    projects: 1,
    fundsDisbursed: 1,
    fundsDisbursedFen: 900_000,
  });
  expect(byKey[`township:${township}`]).toMatchObject({
    households: 2,
    projects: 2,
    fundsAllocation: 1,
    fundsDisbursed: 1,
    fiscalSupportFen: 500_000,
  });
  expect(byKey[`total:${township}`]).toEqual({ ...byKey[`township:${township}`], level: 'total' });

  const csv = await fetch(`${svc.url}/reports/industry?division=${township}&format=csv`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const lines = (await csv.text()).replace('\uFEFF', '').trim().split('\r\n');
  expect(lines[0].split(',').slice(0, 3)).toEqual(['level', 'key', 'households']);
  expect(lines).toHaveLength(5);
  const xlsx = await fetch(`${svc.url}/reports/industry?division=${township}&format=xlsx`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  expect(sheet.getRow(1).getCell(3).value).toBe('受益户数 / Households served');
  expect(sheet.rowCount).toBe(5);
  expect(sheet.getRow(3).getCell(4).value).toBe(1); // the township's loans being repaid
  const outsider = await testToken('department_officer', 'dept:industry@430524');
  expect((await call('GET', `${svc.url}/reports/industry?division=${township}`, { token: outsider })).status).toBe(403);
});
