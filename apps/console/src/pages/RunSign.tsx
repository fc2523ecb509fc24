// Signing a step for a selection of households (谁签字谁负责): choose the households and the action, give the reason
// where the rule asks for one, then confirm in a dialog that shows exactly what will be signed before it is posted.
// Keyboard only: Tab order follows the page, Enter or Space toggles a checkbox, the dialog keeps focus and Escape closes it.
import { type FormEvent, type KeyboardEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { ApiError, errorText } from '../api';
import { type MessageKey, type Translate, useI18n } from '../i18n';
import { isOverdue, shanghaiTime, shanghaiToday } from './InboxFormat';
import { type ActionResult, type RunHousehold, type RunView, type Signature, type Signing, sign } from './RunData';
import { type SignAction, actionsAt, needsSignature, reasonRequired, stepLabel } from './RunRules';

export type SignOutcome = { kind: 'signed'; result: ActionResult } | { kind: 'refused'; text: string };

const actionKey = (a: SignAction) => `action.${a}` as MessageKey;
const MAX_REASON = 2000;

/** A refusal in words: what kind of refusal (rule, jurisdiction, moved on), then the service's own message. */
export function refusalText(e: unknown, lang: 'zh-CN' | 'en', t: Translate): string {
  const status = e instanceof ApiError ? e.status : null;
  const kind: MessageKey =
    status === 400 || status === 422
      ? 'run.refused.rule'
      : status === 403
        ? 'run.refused.jurisdiction'
        : status === 409
          ? 'run.refused.movedOn'
          : 'run.refused.other';
  return `${t(kind)} ${errorText(e, lang, t)}`;
}

/** Enter toggles a checkbox too (Space does natively), instead of submitting the form. */
function enterToggles(e: KeyboardEvent<HTMLInputElement>) {
  if (e.key !== 'Enter') return;
  e.preventDefault();
  e.currentTarget.click();
}

interface SignFormProps {
  run: RunView;
  step: string;
  token: string;
  onDone(outcome: SignOutcome): void;
}

export function SignForm({ run, step, token, onDone }: SignFormProps) {
  const { t, lang } = useI18n();
  const households = run.households.filter((h) => h.step === step);
  const actions = actionsAt(run.kind, step);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [action, setAction] = useState<SignAction>(actions[0] ?? 'approve');
  const [reason, setReason] = useState('');
  const [signatures, setSignatures] = useState<Record<string, Signature>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [signing, setSigning] = useState<Signing | null>(null);
  const [busy, setBusy] = useState(false);
  const reviewRef = useRef<HTMLButtonElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  const chosen = households.filter((h) => selected.has(h.householdId));
  const needReason = reasonRequired(run.kind, action);
  const withSignature = needsSignature(run.kind, step, action);
  const signatureOf = (h: RunHousehold): Signature =>
    signatures[h.householdId] ?? { signedBy: h.headName ?? '', signedOn: shanghaiToday() };

  function review(e: FormEvent) {
    e.preventDefault();
    const missing =
      chosen.length === 0
        ? t('run.pickHouseholds')
        : needReason && !reason.trim()
          ? t('run.reasonRequired', { action: t(actionKey(action)) })
          : withSignature && chosen.some((h) => !signatureOf(h).signedBy.trim() || !signatureOf(h).signedOn)
            ? t('run.signatureMissing')
            : null;
    setProblem(missing);
    if (missing) {
      if (needReason && !reason.trim() && chosen.length > 0) reasonRef.current?.focus();
      return;
    }
    const sigs = withSignature
      ? Object.fromEntries(chosen.map((h) => [h.householdId, cleanSignature(signatureOf(h))]))
      : undefined;
    setSigning({ step, action, households: chosen, reason: reason.trim(), ...(sigs ? { signatures: sigs } : {}) });
  }

  async function confirm() {
    if (!signing) return;
    setBusy(true);
    try {
      onDone({ kind: 'signed', result: await sign(run, signing, token) });
    } catch (err) {
      setBusy(false);
      setSigning(null);
      onDone({ kind: 'refused', text: refusalText(err, lang, t) });
    }
  }

  function cancel() {
    setSigning(null);
    reviewRef.current?.focus();
  }

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const toggleAll = () =>
    setSelected((s) => (s.size === households.length ? new Set() : new Set(households.map((h) => h.householdId))));

  const title = stepLabel(t, run.kind, step);
  if (households.length === 0)
    return (
      <>
        <h2>{title}</h2>
        <p>{t('run.noneAtStep')}</p>
      </>
    );
  if (actions.length === 0)
    return (
      <>
        <h2>{title}</h2>
        <p className="note">{t('run.nothingToSign')}</p>
        <HouseholdTable run={run} households={households} />
      </>
    );
  return (
    <form onSubmit={review} noValidate aria-labelledby="sign-title">
      <h2 id="sign-title">{title}</h2>
      <HouseholdTable run={run} households={households} selection={{ selected, toggle, toggleAll }} />
      <ActionFields
        actions={actions}
        action={action}
        onAction={setAction}
        hint={run.kind === 'exit' && step === 'household_agreement' ? t('run.agreementHint') : null}
      />
      <ReasonField
        value={reason}
        onChange={setReason}
        required={needReason}
        invalid={problem !== null && needReason && !reason.trim()}
        problem={problem !== null}
        innerRef={reasonRef}
      />
      {withSignature && chosen.length > 0 && (
        <SignatureFields
          households={chosen}
          signatureOf={signatureOf}
          onChange={(id, s) => setSignatures((all) => ({ ...all, [id]: s }))}
        />
      )}
      {problem && (
        <p role="alert" id="sign-problem" className="error">
          {problem}
        </p>
      )}
      <p>
        <button type="submit" ref={reviewRef} className="primary">
          {t('run.review', { count: chosen.length })}
        </button>
      </p>
      {signing && <ConfirmDialog run={run} signing={signing} busy={busy} onConfirm={confirm} onCancel={cancel} />}
    </form>
  );
}

function ActionFields(props: {
  actions: SignAction[];
  action: SignAction;
  onAction(a: SignAction): void;
  hint: string | null;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="actions">
      <legend>{t('run.action')}</legend>
      {props.actions.map((a) => (
        <label key={a} className="radio">
          <input type="radio" name="action" value={a} checked={props.action === a} onChange={() => props.onAction(a)} />{' '}
          {t(actionKey(a))}
        </label>
      ))}
      {props.hint && <p className="note">{props.hint}</p>}
    </fieldset>
  );
}

function ReasonField(props: {
  value: string;
  onChange(v: string): void;
  required: boolean;
  invalid: boolean;
  problem: boolean;
  innerRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const { t } = useI18n();
  return (
    <>
      <label htmlFor="sign-reason">
        {t('run.reason')} {props.required ? t('run.required') : t('run.optional')}
      </label>
      <textarea
        id="sign-reason"
        ref={props.innerRef}
        rows={3}
        maxLength={MAX_REASON}
        value={props.value}
        aria-required={props.required}
        aria-invalid={props.invalid}
        aria-describedby={props.problem ? 'sign-problem' : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </>
  );
}

function cleanSignature(s: Signature): Signature {
  const documentRef = s.documentRef?.trim();
  return { signedBy: s.signedBy.trim(), signedOn: s.signedOn, ...(documentRef ? { documentRef } : {}) };
}

interface Selection {
  selected: ReadonlySet<string>;
  toggle(id: string): void;
  toggleAll(): void;
}

function HouseholdTable({
  run,
  households,
  selection,
}: {
  run: RunView;
  households: RunHousehold[];
  selection?: Selection;
}) {
  const { t } = useI18n();
  const allRef = useRef<HTMLInputElement>(null);
  const count = selection?.selected.size ?? 0;
  const all = count === households.length;
  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = count > 0 && !all;
  }, [count, all]);
  return (
    <div className="table-wrap">
      {selection && (
        <p className="select-all">
          <input
            id="select-all"
            type="checkbox"
            ref={allRef}
            checked={all}
            onChange={selection.toggleAll}
            onKeyDown={enterToggles}
          />
          <label htmlFor="select-all">
            {t('run.selectAll', { count: households.length, village: run.villageCode })}
          </label>
          <span className="note" aria-live="polite">
            {' '}
            {t('run.selectedCount', { count })}
          </span>
        </p>
      )}
      <table className="households">
        <thead>
          <tr>
            {selection && <th scope="col">{t('run.col.select')}</th>}
            <th scope="col">{t('entry.name')}</th>
            <th scope="col">{t('run.col.household')}</th>
            <th scope="col">{t('inbox.col.due')}</th>
            <th scope="col">{t('inbox.col.marks')}</th>
          </tr>
        </thead>
        <tbody>
          {households.map((h) => (
            <tr key={h.householdId} data-testid="run-household">
              {selection && (
                <td data-label={t('run.col.select')}>
                  <input
                    type="checkbox"
                    checked={selection.selected.has(h.householdId)}
                    onChange={() => selection.toggle(h.householdId)}
                    onKeyDown={enterToggles}
                    aria-label={t('run.selectOne', { name: h.headName ?? '—', id: h.householdId })}
                  />
                </td>
              )}
              <td data-label={t('entry.name')}>{h.headName ?? '—'}</td>
              <td data-label={t('run.col.household')} className="mono">
                {h.householdId}
              </td>
              <td data-label={t('inbox.col.due')} className="mono">
                {h.dueAt ? shanghaiTime(h.dueAt) : '—'}
              </td>
              <td data-label={t('inbox.col.marks')}>
                {isOverdue(h.dueAt) && <span className="tag late">{t('run.overdue')}</span>}{' '}
                {h.escalated && <span className="tag escalated">{t('run.escalated')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SignatureFields({
  households,
  signatureOf,
  onChange,
}: {
  households: RunHousehold[];
  signatureOf(h: RunHousehold): Signature;
  onChange(id: string, s: Signature): void;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="signatures">
      <legend>{t('run.signatures')}</legend>
      {households.map((h) => {
        const s = signatureOf(h);
        const id = (f: string) => `sig-${f}-${h.householdId}`;
        const who = h.headName ?? h.householdId;
        return (
          <div key={h.householdId} className="signature">
            <label htmlFor={id('by')}>{t('run.signedBy', { household: who })}</label>
            <input
              id={id('by')}
              value={s.signedBy}
              onChange={(e) => onChange(h.householdId, { ...s, signedBy: e.target.value })}
            />
            <label htmlFor={id('on')}>{t('run.signedOn', { household: who })}</label>
            <input
              id={id('on')}
              type="date"
              value={s.signedOn}
              onChange={(e) => onChange(h.householdId, { ...s, signedOn: e.target.value })}
            />
            <label htmlFor={id('ref')}>{t('run.documentRef', { household: who })}</label>
            <input
              id={id('ref')}
              value={s.documentRef ?? ''}
              onChange={(e) => onChange(h.householdId, { ...s, documentRef: e.target.value })}
            />
          </div>
        );
      })}
    </fieldset>
  );
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';

/** Keep Tab and Shift+Tab inside the dialog. */
function trapFocus(e: KeyboardEvent<HTMLDialogElement>) {
  if (e.key !== 'Tab') return;
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
  if (items.length === 0) return;
  const first = items[0];
  const last = items[items.length - 1];
  const active = document.activeElement;
  if (e.shiftKey && (active === first || !e.currentTarget.contains(active))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (active === last || !e.currentTarget.contains(active))) {
    e.preventDefault();
    first.focus();
  }
}

function ConfirmDialog({
  run,
  signing,
  busy,
  onConfirm,
  onCancel,
}: {
  run: RunView;
  signing: Signing;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus(); // the safe choice first: signing takes a deliberate Tab and Enter
    return () => dialog?.close();
  }, []);
  const n = signing.households.length;
  return (
    <dialog
      ref={ref}
      className="confirm"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-what"
      onKeyDown={trapFocus}
      onCancel={(e) => busy && e.preventDefault()} // Escape closes it, except while the signature is being posted
      onClose={() => ref.current?.open || onCancel()} // (a close event of a dialog shown again since is stale)
    >
      <h2 id="confirm-title">{t('run.confirmTitle')}</h2>
      <dl className="facts" id="confirm-what" data-testid="confirm-what">
        <dt>{t(run.kind === 'round' ? 'run.roundLabel' : 'run.exitLabel')}</dt>
        <dd>
          {run.villageCode} · {run.incomeYear}
        </dd>
        <dt>{t('inbox.col.step')}</dt>
        <dd>{stepLabel(t, run.kind, signing.step)}</dd>
        <dt>{t('run.action')}</dt>
        <dd>
          <strong>{t(actionKey(signing.action))}</strong>
        </dd>
        <dt>{t('inbox.col.households')}</dt>
        <dd>{t('run.householdCount', { count: n })}</dd>
        <dt>{t('run.reason')}</dt>
        <dd>{signing.reason || '—'}</dd>
      </dl>
      <ol className="confirm-list" aria-label={t('run.householdCount', { count: n })}>
        {signing.households.map((h) => {
          const s = signing.signatures?.[h.householdId];
          return (
            <li key={h.householdId}>
              {h.headName ?? '—'} · <span className="mono">{h.householdId}</span>
              {s && ` · ${t('run.signatureLine', { by: s.signedBy, on: s.signedOn })}`}
            </li>
          );
        })}
      </ol>
      <p className="buttons">
        <button type="button" ref={cancelRef} onClick={onCancel} disabled={busy}>
          {t('run.cancel')}
        </button>
        <button type="button" className="primary" onClick={onConfirm} disabled={busy}>
          {busy ? t('run.signing') : t('run.confirm', { action: t(actionKey(signing.action)), count: n })}
        </button>
      </p>
    </dialog>
  );
}
