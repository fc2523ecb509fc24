// 数据看板 · the register (identification-service GET /statistics/households): households and people by status, the
// divisions one level down, and registered households by main cause (致贫原因) and by category (五个一批).
import { useMemo } from 'react';
import { type ChartOption, EChart, TOOLTIP } from '../charts/EChart';
import { type Lang, useI18n } from '../i18n';
import { Link } from '../router';
import { type AreaStatistics, type Statistics, count, dashboardHref } from './DashboardData';

type Label = { 'zh-CN': string; en: string };
interface Counted {
  key: string;
  label: Label;
  households: number;
  people: number;
}

/** The rows of a table of counts: label, households, people, and their total. */
function CountTable({ id, rows, head }: { id: string; rows: Counted[]; head: string }) {
  const { t, lang } = useI18n();
  const total = rows.reduce((s, r) => ({ households: s.households + r.households, people: s.people + r.people }), {
    households: 0,
    people: 0,
  });
  return (
    <div className="table-wrap">
      <table data-testid={id}>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col" className="num">
              {t('dash.col.households')}
            </th>
            <th scope="col" className="num">
              {t('dash.col.people')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              <th scope="row">{r.label[lang]}</th>
              <td className="num" data-col="households" data-label={t('dash.col.households')}>
                {count(r.households, lang)}
              </td>
              <td className="num" data-col="people" data-label={t('dash.col.people')}>
                {count(r.people, lang)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-key="total">
            <th scope="row">{t('dash.total')}</th>
            <td className="num" data-col="households" data-label={t('dash.col.households')}>
              {count(total.households, lang)}
            </td>
            <td className="num" data-col="people" data-label={t('dash.col.people')}>
              {count(total.people, lang)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function countBars(rows: Counted[], lang: Lang, names: { households: string; people: string }): ChartOption {
  return {
    tooltip: { ...TOOLTIP, trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.label[lang]), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', name: names.households, data: rows.map((r) => r.households) },
      { type: 'bar', name: names.people, data: rows.map((r) => r.people) },
    ],
  };
}

/** 户数和人数按状态: the area's households and their people by register status. */
export function StatusPanel({ stats }: { stats: Statistics }) {
  const { t, lang } = useI18n();
  const rows = stats.area.byStatus.map((s) => ({ ...s, key: s.status }));
  const option = useMemo(
    () => countBars(rows, lang, { households: t('dash.col.households'), people: t('dash.col.people') }),
    [stats, lang], // rows and t follow from them
  );
  return (
    <div className="dash-figures">
      <EChart option={option} label={t('dash.status.chart')} />
      <CountTable id="dash-status-table" rows={rows} head={t('dash.col.status')} />
    </div>
  );
}

/** 下级区划: each township of a county (or village of a township), its households and registered households. */
export function ChildrenPanel({ stats }: { stats: Statistics }) {
  const { t, lang } = useI18n();
  const registered = (a: AreaStatistics) =>
    a.byStatus.find((s) => s.status === 'registered') ?? { households: 0, people: 0 };
  const cols = ['households', 'people', 'registered', 'registeredPeople'] as const;
  const values = (a: AreaStatistics) => [a.households, a.people, registered(a).households, registered(a).people];
  return (
    <div className="table-wrap">
      <table data-testid="dash-children-table">
        <thead>
          <tr>
            <th scope="col">{t('dash.col.division')}</th>
            {cols.map((c) => (
              <th key={c} scope="col" className="num">
                {t(`dash.col.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {stats.children.map((a) => (
            <tr key={a.code} data-key={a.code}>
              <th scope="row">
                {stats.childLevel === 'township' ? (
                  <Link href={dashboardHref(a.code)}>{a.name ?? t('dash.unnamed')}</Link>
                ) : (
                  (a.name ?? t('dash.unnamed'))
                )}{' '}
                <span className="mono note">{a.code}</span>
              </th>
              {values(a).map((v, i) => (
                <td key={cols[i]} className="num" data-col={cols[i]} data-label={t(`dash.col.${cols[i]}`)}>
                  {count(v, lang)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 致贫原因 or 五个一批: the registered households of the area by main cause or by assistance category. */
export function CausesPanel({ area, kind }: { area: AreaStatistics; kind: 'cause' | 'category' }) {
  const { t, lang } = useI18n();
  const rows: Counted[] =
    kind === 'cause'
      ? area.registeredByCause.map((c) => ({ ...c, key: c.cause ?? 'not_recorded' }))
      : area.registeredByCategory.map((c) => ({ ...c, key: c.category ?? 'not_recorded' }));
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { ...TOOLTIP, trigger: 'item' },
      series: [
        {
          type: 'pie',
          radius: ['35%', '70%'],
          // a slice per cause or category that has households
          data: rows.filter((r) => r.households > 0).map((r) => ({ name: r.label[lang], value: r.households })),
          label: { formatter: '{b}: {c}' },
        },
      ],
    }),
    [area, kind, lang], // rows follow from area and kind
  );
  const id = kind === 'cause' ? 'dash-causes-table' : 'dash-categories-table';
  return (
    <div className="dash-figures">
      <EChart option={option} label={t(kind === 'cause' ? 'dash.causes.chart' : 'dash.categories.chart')} />
      <CountTable id={id} rows={rows} head={t(kind === 'cause' ? 'dash.col.cause' : 'dash.col.category')} />
    </div>
  );
}
