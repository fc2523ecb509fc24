// 一户一档 · one page per household: its members, causes and category (五个一批), surveys (六算) against the poverty
// line, and ONE timeline of its procedures across identification, medical aid, relocation and industry — each entry
// from that service's audit chain, with who signed it and when (Asia/Shanghai). Only the typed client is used.
import type { IdentificationPaths } from '@fupin/api-client';
import { type ReactNode, useEffect, useState } from 'react';
import { ApiError, client, errorText, unwrap } from '../api';
import { type MessageKey, useI18n } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { StatusText, knownKey } from './HouseholdSearch';
import {
  HISTORY_SERVICES,
  type HistoryEntry,
  type HistoryService,
  type HistorySource,
  type HouseholdHistory,
  anyTruncated,
  mergeHistories,
  shanghaiDateTime,
  yuan,
} from './HouseholdTimeline';

type Household = IdentificationPaths['/households/{id}']['get']['responses'][200]['content']['application/json'];
type Surveys = IdentificationPaths['/households/{id}/surveys']['get']['responses'][200]['content']['application/json'];
type Survey = Surveys['surveys'][number];

const HISTORY_LIMIT = 500;

export function HouseholdFile({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const [household, setHousehold] = useState<Household | null>(null);
  const [surveys, setSurveys] = useState<Survey[] | null>(null);
  const [sources, setSources] = useState<HistorySource[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const token = session?.token;

  useEffect(() => {
    if (!token) return;
    let live = true;
    setHousehold(null);
    setSurveys(null);
    setSources(null);
    setError(null);
    const identification = client('identification-service', token);
    unwrap(identification.GET('/households/{id}', { params: { path: { id } } }))
      .then((h) => live && setHousehold(h))
      .catch((e: unknown) => live && setError(errorText(e, lang, t)));
    unwrap(identification.GET('/households/{id}/surveys', { params: { path: { id } } }))
      .then((s) => live && setSurveys(s.surveys))
      .catch(() => live && setSurveys([]));
    Promise.all(HISTORY_SERVICES.map((service) => historyOf(service, token, id, lang, t))).then(
      (all) => live && setSources(all),
    );
    return () => {
      live = false;
    };
  }, [token, id]); // lang and t left out on purpose: a new language needs no new request

  if (!session)
    return (
      <p>
        {t('home.signInHint')} <Link href="/sign-in">{t('nav.signIn')}</Link>
      </p>
    );

  return (
    <section aria-labelledby="household-title">
      <p>
        <Link href="/households">{t('file.back')}</Link>
      </p>
      <h1 id="household-title">
        {household?.members[0] ? t('file.title', { name: household.members[0].name }) : t('nav.households')}
        {household && <span className="note"> · {household.villageCode}</span>}
      </h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!household && !error && <p aria-live="polite">{t('notices.loading')}</p>}
      {household && (
        <>
          <Facts household={household} />
          <Members household={household} />
          <Causes household={household} />
          <SurveyTable surveys={surveys} lines={household.povertyLines} />
        </>
      )}
      <Timeline sources={sources} />
    </section>
  );
}

/** One service's history of the household: 404 means it does not know the household, 403 that the reader may not see it. */
async function historyOf(
  service: HistoryService,
  token: string,
  id: string,
  lang: 'zh-CN' | 'en',
  t: (key: MessageKey) => string,
): Promise<HistorySource> {
  const params = { params: { path: { id }, query: { limit: HISTORY_LIMIT } } };
  try {
    const history: HouseholdHistory = await unwrap(client(service, token).GET('/households/{id}/history', params));
    return { service, history };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return { service, unknown: true };
    if (e instanceof ApiError && e.status === 403) return { service, refused: true };
    return { service, error: errorText(e, lang, t) };
  }
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Facts({ household }: { household: Household }) {
  const { t } = useI18n();
  return (
    <dl className="facts">
      <dt>{t('file.householdId')}</dt>
      <dd className="mono">{household.id}</dd>
      <dt>{t('entry.village')}</dt>
      <dd>{household.villageCode}</dd>
      <dt>{t('households.status')}</dt>
      <dd>
        <StatusText status={household.status} />
      </dd>
      <dt>{t('file.createdAt')}</dt>
      <dd>{shanghaiDateTime(household.createdAt)}</dd>
      {household.relocation && (
        <>
          <dt>{t('file.relocated')}</dt>
          <dd>{household.relocation.relocatedOn}</dd>
        </>
      )}
    </dl>
  );
}

function Members({ household }: { household: Household }) {
  const { t } = useI18n();
  return (
    <Section id="file-members" title={t('file.members', { count: household.members.length })}>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('file.name')}</th>
              <th scope="col">{t('file.relation')}</th>
              <th scope="col">{t('file.sex')}</th>
              <th scope="col">{t('file.birthDate')}</th>
              <th scope="col">{t('entry.idNumber')}</th>
            </tr>
          </thead>
          <tbody>
            {household.members.map((m) => (
              <tr key={m.idNumber}>
                <td data-label={t('file.name')}>{m.name}</td>
                <td data-label={t('file.relation')}>{m.relation}</td>
                <td data-label={t('file.sex')}>
                  {m.sex === 'male' ? t('file.male') : m.sex === 'female' ? t('file.female') : m.sex}
                </td>
                <td data-label={t('file.birthDate')}>{m.birthDate}</td>
                <td data-label={t('entry.idNumber')} className="mono">
                  {m.idNumber}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {household.idNumbersMasked && <p className="note">{t('households.masked')}</p>}
    </Section>
  );
}

function Causes({ household }: { household: Household }) {
  const { t, lang } = useI18n();
  const { main, others, assistanceCategory } = household.causes;
  return (
    <Section id="file-causes" title={t('file.causes')}>
      <dl className="facts">
        <dt>{t('file.mainCause')}</dt>
        <dd>{main ? main.label[lang] : t('file.notSet')}</dd>
        <dt>{t('file.otherCauses')}</dt>
        <dd>{others.length ? others.map((c) => c.label[lang]).join('、') : '—'}</dd>
        <dt>{t('file.category')}</dt>
        <dd>{assistanceCategory ? assistanceCategory.label[lang] : t('file.notSet')}</dd>
      </dl>
    </Section>
  );
}

const INCOME_ITEMS = [
  ['farmingIncome', 'survey.farming'],
  ['livestockIncome', 'survey.livestock'],
  ['wageIncome', 'survey.wage'],
  ['propertyIncome', 'survey.property'],
  ['transferIncome', 'survey.transfer'],
  ['businessNetIncome', 'survey.business'],
  ['productionCosts', 'survey.productionCosts'],
] as const satisfies readonly (readonly [keyof Survey, MessageKey])[];

function SurveyTable({ surveys, lines }: { surveys: Survey[] | null; lines: Household['povertyLines'] }) {
  const { t } = useI18n();
  const lineOf = (year: number) => lines.find((l) => l.incomeYear === year);
  return (
    <Section id="file-surveys" title={t('file.surveys')}>
      {!surveys && <p aria-live="polite">{t('notices.loading')}</p>}
      {surveys?.length === 0 && <p>{t('file.noSurveys')}</p>}
      {surveys && surveys.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="note">{t('file.yuan')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('survey.year')}</th>
                <th scope="col">{t('survey.size')}</th>
                <th scope="col">{t('survey.perCapita')}</th>
                <th scope="col">{t('survey.line')}</th>
                <th scope="col">{t('survey.net')}</th>
                {INCOME_ITEMS.map(([, key]) => (
                  <th key={key} scope="col">
                    {t(key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {surveys.map((s) => {
                const line = lineOf(s.incomeYear);
                return (
                  <tr key={`${s.incomeYear}-${s.surveyedAt}`}>
                    <th scope="row" data-label={t('survey.year')}>
                      {s.incomeYear}
                    </th>
                    <td data-label={t('survey.size')}>{s.householdSize}</td>
                    <td data-label={t('survey.perCapita')}>
                      <strong>{yuan(s.perCapitaFen)}</strong>
                    </td>
                    <td data-label={t('survey.line')}>
                      {line ? <LineVerdict perCapitaFen={s.perCapitaFen} line={line} /> : t('survey.noLine')}
                    </td>
                    <td data-label={t('survey.net')}>{yuan(s.netIncomeFen)}</td>
                    {INCOME_ITEMS.map(([item, key]) => (
                      <td key={item} data-label={t(key)}>
                        {yuan(s[item])}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function LineVerdict({ perCapitaFen, line }: { perCapitaFen: number; line: Household['povertyLines'][number] }) {
  const { t } = useI18n();
  const verdict: MessageKey =
    perCapitaFen < line.povertyLineFen
      ? 'survey.below'
      : perCapitaFen < line.monitoringLineFen
        ? 'survey.belowMonitoring'
        : 'survey.above';
  return (
    <>
      {yuan(line.povertyLineFen)} ·{' '}
      <span className={verdict === 'survey.above' ? 'tag' : 'tag late'}>{t(verdict)}</span>
    </>
  );
}

const serviceKey = (service: string) => `service.${service}` as MessageKey;

function Timeline({ sources }: { sources: HistorySource[] | null }) {
  const { t, lang } = useI18n();
  const entries = sources ? mergeHistories(sources) : [];
  const name = (service: string) => (knownKey(serviceKey(service), lang) ? t(serviceKey(service)) : service);
  return (
    <Section id="file-timeline" title={t('file.timeline')}>
      <p className="note">{t('file.timelineNote')}</p>
      {!sources && <p aria-live="polite">{t('notices.loading')}</p>}
      {sources?.map((s) =>
        'error' in s ? (
          <p key={s.service} role="alert" className="error">
            {t('file.serviceFailed', { service: name(s.service), error: s.error })}
          </p>
        ) : 'refused' in s ? (
          <p key={s.service} className="note">
            {t('file.serviceRefused', { service: name(s.service) })}
          </p>
        ) : null,
      )}
      {sources && entries.length === 0 && <p>{t('file.noHistory')}</p>}
      {entries.length > 0 && (
        <div className="table-wrap">
          <table data-testid="household-timeline">
            <thead>
              <tr>
                <th scope="col">{t('file.when')}</th>
                <th scope="col">{t('file.procedure')}</th>
                <th scope="col">{t('file.action')}</th>
                <th scope="col">{t('file.step')}</th>
                <th scope="col">{t('file.signedBy')}</th>
                <th scope="col">{t('entry.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <TimelineRow key={`${e.service}-${e.seq}`} entry={e} service={name(e.service)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {sources && anyTruncated(sources) && <p className="note">{t('file.truncated', { limit: HISTORY_LIMIT })}</p>}
    </Section>
  );
}

function TimelineRow({ entry: e, service }: { entry: HistoryEntry; service: string }) {
  const { t, lang } = useI18n();
  const role = `role.${e.signedBy.role}`;
  const step = e.from || e.to ? `${e.from?.label[lang] ?? '…'} → ${e.to?.label[lang] ?? '…'}` : '—';
  return (
    <tr>
      <td data-label={t('file.when')} className="mono">
        <time dateTime={e.at}>{shanghaiDateTime(e.at)}</time>
      </td>
      <td data-label={t('file.procedure')}>
        {e.procedureLabel[lang]}
        <br />
        <span className="note">{service}</span>
      </td>
      <td data-label={t('file.action')}>{e.actionLabel[lang]}</td>
      <td data-label={t('file.step')}>{step}</td>
      <td data-label={t('file.signedBy')}>
        {e.signedBy.system ? (
          t('file.bySystem')
        ) : (
          <>
            {e.signedBy.subject}
            <br />
            <span className="note">
              {knownKey(role, lang) ? t(role) : e.signedBy.role} · {e.signedBy.jurisdiction}
            </span>
          </>
        )}
      </td>
      <td data-label={t('entry.reason')}>{e.reason ?? '—'}</td>
    </tr>
  );
}
