// 数据看板 · the procedures: 贫困发生率 per village against its line (identification GET /incidence), the annual
// review's progress per township (GET /reviews, /reviews/{id}), medical aid paid per layer per month (medical-aid
// GET /reports/monthly, the last 12 months; a month not built yet says so).
import { useMemo } from 'react';
import { type ChartOption, EChart, TOOLTIP } from '../charts/EChart';
import { type MessageKey, useI18n } from '../i18n';
import {
  type Incidence,
  LAYERS,
  type MonthReport,
  type Review,
  count,
  percent,
  readIncidence,
  readLatestReview,
  readMonthlyReports,
  reportMonths,
  yuan,
  yuanValue,
} from './DashboardData';
import { Section, useLoad } from './DashboardPanel';

const BELOW = '#2e7d32';
const ABOVE = '#b3261e';

export function IncidencePanel({ token, division }: { token: string; division: string }) {
  const { t } = useI18n();
  const loaded = useLoad(() => readIncidence(token, division), `${token}|${division}`);
  return (
    <Section loaded={loaded} id="dash-incidence" title={t('dash.incidence.title')}>
      {(r) => <IncidenceFigures report={r} />}
    </Section>
  );
}

function IncidenceFigures({ report }: { report: Incidence }) {
  const { t, lang } = useI18n();
  const line = percent(report.thresholdBp);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { ...TOOLTIP, trigger: 'axis' },
      grid: { left: 8, right: 48, bottom: 8, top: 24, containLabel: true },
      xAxis: { type: 'category', data: report.villages.map((v) => v.name ?? v.code), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'bar',
          name: t('dash.col.incidence'),
          data: report.villages.map((v) => ({
            value: v.incidence ? v.incidence.bp / 100 : null,
            itemStyle: { color: v.mayExit ? BELOW : ABOVE },
          })),
          markLine: {
            symbol: 'none',
            data: [{ yAxis: report.thresholdBp / 100, name: t('dash.line') }],
            label: { formatter: line },
            lineStyle: { type: 'dashed', color: ABOVE },
          },
        },
      ],
    }),
    [report, lang],
  );
  if (report.villages.length === 0) return <p className="note">{t('dash.incidence.none')}</p>;
  return (
    <>
      <p className="meta" data-testid="dash-incidence-aggregate">
        {t('dash.incidence.line', { line })} · {report.aggregate.message[lang]}
      </p>
      <div className="dash-figures">
        <EChart option={option} label={t('dash.incidence.chart', { line })} />
        <IncidenceTable report={report} />
      </div>
    </>
  );
}

function IncidenceTable({ report }: { report: Incidence }) {
  const { t, lang } = useI18n();
  const heads = ['poor', 'rural', 'incidence', 'belowLine'] as const;
  return (
    <div className="table-wrap">
      <table data-testid="dash-incidence-table">
        <thead>
          <tr>
            <th scope="col">{t('dash.col.village')}</th>
            {heads.map((h) => (
              <th key={h} scope="col" className="num">
                {t(`dash.col.${h}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.villages.map((v) => (
            <tr key={v.code} data-key={v.code}>
              <th scope="row">
                {v.name ?? t('dash.unnamed')} <span className="mono note">{v.code}</span>
              </th>
              <td className="num" data-col="poor" data-label={t('dash.col.poor')}>
                {count(v.poorNotExited, lang)}
              </td>
              <td className="num" data-col="rural" data-label={t('dash.col.rural')}>
                {v.ruralPopulation === null ? t('dash.missing') : count(v.ruralPopulation, lang)}
              </td>
              <td className="num" data-col="incidence" data-label={t('dash.col.incidence')}>
                {v.incidence ? percent(v.incidence.bp) : '—'}
              </td>
              <td className="num" data-col="belowLine" data-label={t('dash.col.belowLine')}>
                {t(v.mayExit ? 'dash.yes' : 'dash.no')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 一年一评: the county's newest campaign; for a township, its own row. */
export function ReviewPanel({ token, division }: { token: string; division: string }) {
  const { t } = useI18n();
  const county = division.slice(0, 6);
  const loaded = useLoad(() => readLatestReview(token, county), `${token}|${county}`);
  return (
    <Section loaded={loaded} id="dash-review" title={t('dash.review.title')}>
      {(r) => (r ? <ReviewFigures review={r} division={division} /> : <p className="note">{t('dash.review.none')}</p>)}
    </Section>
  );
}

type Township = Extract<Review, { townships: unknown }>['townships'][number];
const PROGRESS = ['done', 'waiting', 'overdue'] as const;
const PROGRESS_COLORS = { done: BELOW, waiting: '#0a58ca', overdue: ABOVE };

function ReviewFigures({ review, division }: { review: Review; division: string }) {
  const { t } = useI18n();
  const phase = t(`dash.review.phase.${review.phase}` as MessageKey);
  if (!('townships' in review)) {
    const r = review.report;
    return (
      <p data-testid="dash-review-finished">
        {t('dash.review.finished', { year: review.incomeYear, entered: r?.entered ?? 0, exited: r?.exited ?? 0 })}
      </p>
    );
  }
  const townships = review.townships.filter((s) => division.length === 6 || s.townshipCode === division.slice(0, 9));
  return (
    <>
      <p className="meta" data-testid="dash-review-meta">
        {t('dash.review.meta', {
          year: review.incomeYear,
          phase,
          received: review.surveys.received,
          expected: review.surveys.expected,
        })}
      </p>
      <div className="dash-figures">
        <ReviewChart townships={townships} />
        <ReviewTable townships={townships} />
      </div>
    </>
  );
}

function ReviewChart({ townships }: { townships: Township[] }) {
  const { t, lang } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { ...TOOLTIP, trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: townships.map((s) => s.townshipCode) },
      series: PROGRESS.map((p) => ({
        type: 'bar' as const,
        stack: 'villages',
        name: t(`dash.col.${p}`),
        itemStyle: { color: PROGRESS_COLORS[p] },
        data: townships.map((s) => s[p]),
      })),
    }),
    [townships, lang],
  );
  return <EChart option={option} label={t('dash.review.chart')} />;
}

function ReviewTable({ townships }: { townships: Township[] }) {
  const { t, lang } = useI18n();
  const cols = ['villages', ...PROGRESS] as const;
  return (
    <div className="table-wrap">
      <table data-testid="dash-review-table">
        <thead>
          <tr>
            <th scope="col">{t('dash.col.township')}</th>
            {cols.map((c) => (
              <th key={c} scope="col" className="num">
                {t(`dash.col.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {townships.map((s) => (
            <tr key={s.townshipCode} data-key={s.townshipCode}>
              <th scope="row" className="mono">
                {s.townshipCode}
              </th>
              {cols.map((c) => (
                <td key={c} className="num" data-col={c} data-label={t(`dash.col.${c}`)}>
                  {count(s[c], lang)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 医疗救助: the county's monthly reports of the last 12 months, paid per layer. */
export function MedicalPanel({ token, county }: { token: string; county: string }) {
  const { t } = useI18n();
  const months = reportMonths(12);
  const loaded = useLoad(() => readMonthlyReports(token, county, months), `${token}|${county}|${months[0]}`);
  return (
    <Section loaded={loaded} id="dash-medical" title={t('dash.medical.title', { county })}>
      {(reports) => (
        <>
          <p className="note">{t('dash.medical.note')}</p>
          <div className="dash-figures dash-wide">
            <MedicalChart reports={reports} />
            <MedicalTable reports={reports} />
          </div>
        </>
      )}
    </Section>
  );
}

function MedicalChart({ reports }: { reports: MonthReport[] }) {
  const { t, lang } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { ...TOOLTIP, trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: 'category', data: reports.map((r) => r.month) },
      yAxis: { type: 'value', name: t('dash.yuan') },
      series: LAYERS.map((layer) => ({
        type: 'bar' as const,
        stack: 'paid',
        name: t(`dash.layer.${layer}`),
        data: reports.map((r) => (r.report ? yuanValue(r.report.totals[layer]) : null)),
      })),
    }),
    [reports, lang],
  );
  return <EChart option={option} label={t('dash.medical.chart')} tall />;
}

function MedicalTable({ reports }: { reports: MonthReport[] }) {
  const { t, lang } = useI18n();
  const cols = [...LAYERS, 'patientPays'] as const;
  const head = (c: (typeof cols)[number]) => t(c === 'patientPays' ? 'dash.col.patientPays' : `dash.layer.${c}`);
  return (
    <div className="table-wrap">
      <table data-testid="dash-medical-table">
        <thead>
          <tr>
            <th scope="col">{t('dash.col.month')}</th>
            <th scope="col" className="num">
              {t('dash.col.claims')}
            </th>
            {cols.map((c) => (
              <th key={c} scope="col" className="num">
                {head(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {reports.map(({ month, report }) => (
            <tr key={month} data-key={month}>
              <th scope="row" className="mono">
                {month}
              </th>
              {report ? (
                <>
                  <td className="num" data-col="claims" data-label={t('dash.col.claims')}>
                    {count(report.totals.claims, lang)}
                  </td>
                  {cols.map((c) => (
                    <td key={c} className="num" data-col={c} data-label={head(c)}>
                      {yuan(report.totals[c], lang)}
                    </td>
                  ))}
                </>
              ) : (
                <td colSpan={cols.length + 1} className="note" data-col="notBuilt">
                  {t('dash.notBuilt')}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
