// 数据看板 (issue 15 §7): for the signed-in official's county or township — households and people by status, poverty
// incidence per village against its line, causes and 五个一批 categories, the annual review's progress per township,
// medical aid paid per layer per month — each as a chart with its figures in a table beside it, as the APIs answer.
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { CausesPanel, ChildrenPanel, StatusPanel } from './DashboardRegister';
import { IncidencePanel, MedicalPanel, ReviewPanel } from './DashboardProcedures';
import { DIVISION, type Statistics, dashboardHref, jurisdictionDivision, readStatistics } from './DashboardData';
import { Section, useLoad } from './DashboardPanel';

export function Dashboard({ division }: { division: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  if (!session)
    return (
      <section>
        <h1>{t('dash.title')}</h1>
        <p>
          {t('home.signInHint')} <Link href="/sign-in">{t('nav.signIn')}</Link>
        </p>
      </section>
    );
  const own = jurisdictionDivision(session.user.jurisdiction);
  const selected = DIVISION.test(division) && division.startsWith(own) ? division : own;
  return <DashboardView token={session.token} own={own} selected={selected} />;
}

function DashboardView({ token, own, selected }: { token: string; own: string; selected: string }) {
  const { t } = useI18n();
  const ownStats = useLoad(() => readStatistics(token, own), `${token}|${own}`);
  const stats = useLoad(() => readStatistics(token, selected), `${token}|${selected}`);
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('dash.title')}</h1>
      <DivisionPicker own={own} selected={selected} ownStats={ownStats?.data ?? null} />
      <div className="dash-grid">
        <Section loaded={stats} id="dash-status" title={t('dash.status.title')}>
          {(s) => <StatusPanel stats={s} />}
        </Section>
        <Section loaded={stats} id="dash-children" title={t('dash.children.title')} hidden={(s) => !s.childLevel}>
          {(s) => <ChildrenPanel stats={s} />}
        </Section>
        <IncidencePanel token={token} division={selected} />
        <Section loaded={stats} id="dash-causes" title={t('dash.causes.title')}>
          {(s) => <CausesPanel area={s.area} kind="cause" />}
        </Section>
        <Section loaded={stats} id="dash-categories" title={t('dash.categories.title')}>
          {(s) => <CausesPanel area={s.area} kind="category" />}
        </Section>
        <ReviewPanel token={token} division={selected} />
        <MedicalPanel token={token} county={selected.slice(0, 6)} />
      </div>
    </section>
  );
}

/** 区域: the official's own division and, for a county, each of its townships. */
function DivisionPicker({ own, selected, ownStats }: { own: string; selected: string; ownStats: Statistics | null }) {
  const { t } = useI18n();
  const name = (code: string, n: string | null | undefined) =>
    t('dash.divisionOption', { name: n ?? t('dash.unnamed'), code });
  const options = [{ code: own, label: name(own, ownStats?.area.name) }];
  if (ownStats?.childLevel === 'township')
    options.push(...ownStats.children.map((c) => ({ code: c.code, label: name(c.code, c.name) })));
  // a village asked for in the address is shown as chosen
  if (!options.some((o) => o.code === selected)) options.push({ code: selected, label: selected });
  return (
    <form className="inline" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor="dashboard-division">{t('dash.division')}</label>
      <select id="dashboard-division" value={selected} onChange={(e) => navigate(dashboardHref(e.target.value))}>
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.label}
          </option>
        ))}
      </select>
    </form>
  );
}
