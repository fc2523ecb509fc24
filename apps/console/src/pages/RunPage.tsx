// A procedure run at one step (/rounds/:id?step=… and /exits/:id?step=…): the households waiting there, signed
// for a selection of them on RunSign's form; the result or the refusal shown in words and the run read again.
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../api';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { type RunView, loadRun } from './RunData';
import { actionsAt, type RunKind, stepLabel, stepsOf } from './RunRules';
import { SignForm, type SignOutcome } from './RunSign';

/** The step to open when none is asked for: the first, in procedure order, with households that can be signed. */
function firstSignable(run: RunView): string | null {
  const present = new Set(run.households.map((h) => h.step));
  const steps = stepsOf(run.kind).filter((s) => present.has(s));
  return steps.find((s) => actionsAt(run.kind, s).length > 0) ?? steps[0] ?? null;
}

export function Run({ kind, id, step }: { kind: RunKind; id: string; step: string | null }) {
  const { t } = useI18n();
  const { session } = useSession();
  if (!session)
    return (
      <section>
        <p>
          {t('home.signInHint')} <Link href="/sign-in">{t('nav.signIn')}</Link>
        </p>
      </section>
    );
  return <RunLoaded kind={kind} id={id} step={step} token={session.token} />;
}

function RunLoaded({ kind, id, step, token }: { kind: RunKind; id: string; step: string | null; token: string }) {
  const { t, lang } = useI18n();
  const [run, setRun] = useState<RunView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const [outcome, setOutcome] = useState<SignOutcome | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    loadRun(kind, id, token)
      .then((r) => live && setRun(r))
      .catch((e: unknown) => live && setError(errorText(e, lang, t)));
    return () => {
      live = false;
    };
  }, [kind, id, token, reloads]); // lang and t left out on purpose
  useEffect(() => setOutcome(null), [kind, id, step]);
  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  const done = useCallback((o: SignOutcome) => {
    setOutcome(o);
    setReloads((n) => n + 1);
  }, []);

  const current = step ?? (run ? firstSignable(run) : null);
  const title = t(kind === 'round' ? 'run.roundTitle' : 'run.exitTitle', {
    village: run?.villageCode ?? '…',
    year: run?.incomeYear ?? '…',
  });
  return (
    <section aria-labelledby="run-title">
      <p>
        <Link href="/inbox">{t('run.backToInbox')}</Link>
      </p>
      <h1 id="run-title">{title}</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {outcome && <OutcomeNote kind={kind} outcome={outcome} innerRef={outcomeRef} />}
      {!run && !error && <p aria-live="polite">{t('notices.loading')}</p>}
      {run && !run.live && <p className="note">{t('run.recordedOnly')}</p>}
      {run && <StepNav run={run} current={current} />}
      {run && current && (
        <SignForm key={`${kind}:${id}:${current}:${reloads}`} run={run} step={current} token={token} onDone={done} />
      )}
    </section>
  );
}

function StepNav({ run, current }: { run: RunView; current: string | null }) {
  const { t } = useI18n();
  const counts = new Map<string, number>();
  for (const h of run.households) counts.set(h.step, (counts.get(h.step) ?? 0) + 1);
  const base = `/${run.kind === 'round' ? 'rounds' : 'exits'}/${encodeURIComponent(run.id)}`;
  return (
    <nav aria-label={t('run.steps')} className="steps">
      <ul>
        {stepsOf(run.kind)
          .filter((s) => counts.has(s))
          .map((s) => (
            <li key={s}>
              <Link href={`${base}?step=${s}`} aria-current={s === current ? 'page' : undefined}>
                {stepLabel(t, run.kind, s)} ({counts.get(s)})
              </Link>
            </li>
          ))}
      </ul>
    </nav>
  );
}

function OutcomeNote({
  kind,
  outcome,
  innerRef,
}: {
  kind: RunKind;
  outcome: SignOutcome;
  innerRef: RefObject<HTMLDivElement | null>;
}) {
  const { t } = useI18n();
  if (outcome.kind === 'refused')
    return (
      <div role="alert" className="outcome refused" tabIndex={-1} ref={innerRef} data-testid="sign-outcome">
        <p className="error">{outcome.text}</p>
      </div>
    );
  const byStep = new Map<string, number>();
  for (const a of outcome.result.applied) byStep.set(a.step, (byStep.get(a.step) ?? 0) + 1);
  return (
    <div role="status" className="outcome signed" tabIndex={-1} ref={innerRef} data-testid="sign-outcome">
      <p>{t('run.signed', { count: outcome.result.applied.length })}</p>
      <ul>
        {[...byStep].map(([step, n]) => (
          <li key={step}>{t('run.movedTo', { count: n, step: stepLabel(t, kind, step) })}</li>
        ))}
      </ul>
    </div>
  );
}
