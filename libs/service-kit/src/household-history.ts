import { type ChainedRecord, digest } from '@fupin/audit';
import { z } from 'zod';

/**
 * 一户一档 (the household file): the one shape in which identification, medical aid, relocation and industry answer
 * `GET /households/{id}/history` — the household's entries of the service's own audit chain (谁签字谁负责), oldest first,
 * each with its procedure and action in words, the step it moved from and to where the service can tell, who signed
 * (subject, role, jurisdiction) and when (UTC) — so the console merges the four into one timeline by time.
 *
 * The chain keeps digests of the states, not the states (ADR 0007): the step moved to is shown only where the record
 * proves it — its after-digest equals the digest of a candidate state (e.g. `{ step }`) — or where the action or the
 * service's own reason text names it; otherwise it is null.
 */

export type Label = { 'zh-CN': string; en: string };
const label = z.object({ 'zh-CN': z.string(), en: z.string() });

const stepRef = z
  .object({ code: z.string(), label })
  .meta({ id: 'HistoryStep', description: 'A step (or status) of a procedure, by its code and in words' });
export type StepRef = z.output<typeof stepRef>;

export const householdHistoryQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(2000)
    .default(500)
    .meta({ description: 'at most this many entries, the newest (truncated says whether older ones exist)' }),
});

export const householdHistoryEntry = z
  .object({
    service: z.string().meta({ description: 'the service whose audit chain holds the entry' }),
    seq: z.string().meta({ description: "the entry's place in that chain (审计链序号)" }),
    at: z.iso.datetime().meta({ description: 'when it happened (UTC)' }),
    procedure: z.string().meta({ description: 'identification, exit, monitoring, medical_claim, relocation, loan, …' }),
    procedureLabel: label,
    action: z.string().meta({ description: 'the action as recorded, e.g. identification.township_review.approve' }),
    actionLabel: label,
    from: stepRef.nullable().meta({ description: 'the step (or status) before, where known' }),
    to: stepRef.nullable().meta({ description: 'the step (or status) after, where the record proves it' }),
    signedBy: z
      .object({
        subject: z.string(),
        role: z.string().meta({ description: 'a role of SPEC §1, or system' }),
        jurisdiction: z.string(),
        system: z.boolean().meta({ description: 'true: the procedure itself (a notice closing, a timer, an event)' }),
      })
      .meta({ description: 'who signed (谁签字谁负责)' }),
    reason: z.string().nullable(),
    subject: z
      .object({ type: z.string(), id: z.string() })
      .meta({ description: 'what the record is about: the household, or its case, claim, loan … (审计对象)' }),
  })
  .meta({
    id: 'HouseholdHistoryEntry',
    description: "An entry of a household's history (一户一档), from an audit chain",
  });
export type HouseholdHistoryEntry = z.output<typeof householdHistoryEntry>;

export const householdHistory = z
  .object({
    householdId: z.uuid(),
    service: z.string(),
    entries: z.array(householdHistoryEntry).meta({ description: 'oldest first' }),
    truncated: z.boolean().meta({ description: 'older entries exist beyond limit' }),
  })
  .meta({ id: 'HouseholdHistory', description: "A household's entries of one service's audit chain, oldest first" });
export type HouseholdHistory = z.output<typeof householdHistory>;

/** What a service knows of one of its records: the procedure and action in words, the steps where it can tell. */
export interface HistoryDescription {
  procedure: string;
  procedureLabel: Label;
  actionLabel: Label;
  from?: StepRef | null;
  to?: StepRef | null;
}

/** A service's vocabulary: a description of the record, or null to let the next describer try. */
export type HistoryDescriber = (record: ChainedRecord) => HistoryDescription | null;

const SYSTEM_ROLE = 'system';

/** The records in the shape above; a record no describer knows keeps its raw action as its label. */
export function householdHistoryOf(
  service: string,
  householdId: string,
  read: { records: readonly ChainedRecord[]; truncated: boolean },
  describers: readonly HistoryDescriber[],
): HouseholdHistory {
  const entries = read.records.map((r) => historyEntry(service, r, describe(r, describers)));
  return { householdId, service, entries, truncated: read.truncated };
}

function describe(r: ChainedRecord, describers: readonly HistoryDescriber[]): HistoryDescription {
  for (const d of describers) {
    const found = d(r);
    if (found) return found;
  }
  const procedure = r.action.split('.')[0];
  return { procedure, procedureLabel: same(procedure), actionLabel: same(r.action) };
}

function historyEntry(service: string, r: ChainedRecord, d: HistoryDescription): HouseholdHistoryEntry {
  return {
    service,
    seq: r.seq.toString(),
    at: r.occurredAt,
    procedure: d.procedure,
    procedureLabel: d.procedureLabel,
    action: r.action,
    actionLabel: d.actionLabel,
    from: d.from ?? null,
    to: d.to ?? null,
    signedBy: {
      subject: r.actorSubject,
      role: r.actorRole,
      jurisdiction: r.jurisdiction,
      system: r.actorRole === SYSTEM_ROLE,
    },
    reason: r.reason,
    subject: { type: r.subjectType, id: r.subjectId },
  };
}

const same = (text: string): Label => ({ 'zh-CN': text, en: text });

/** Actions known by name: `{ 'household.apply': ['application', '提交申请', 'application recorded'] }`. */
export function actionTable(
  procedures: Readonly<Record<string, Label>>,
  actions: Readonly<Record<string, readonly [procedure: string, zh: string, en: string]>>,
): HistoryDescriber {
  return (r) => {
    const known = actions[r.action];
    if (!known) return null;
    const [procedure, zh, en] = known;
    return { procedure, procedureLabel: procedures[procedure] ?? same(procedure), actionLabel: { 'zh-CN': zh, en } };
  };
}

/**
 * The state among `candidates` whose digest is `recorded` — what the record proves the state was — or undefined.
 * Build once per vocabulary: `provenBy(states)` hashes every candidate up front.
 */
export function provenBy<T>(candidates: readonly T[]): (recorded: string | null) => T | undefined {
  const byDigest = new Map<string, T>();
  for (const c of candidates) byDigest.set(digest(c) as string, c);
  return (recorded) => (recorded === null ? undefined : byDigest.get(recorded));
}

export interface StepProcedure {
  /** The action's first part: `<prefix>.<step>.<verb>`. */
  prefix: string;
  procedure: string;
  procedureLabel: Label;
  steps: Readonly<Record<string, Label>>;
  verbs: Readonly<Record<string, Label>>;
  /** Extra fields a step's after-state may carry with a known set of values, e.g. `{ outcome: ['upheld'] }`. */
  extras?: Readonly<Record<string, readonly string[]>>;
}

/**
 * A procedure whose records are `<prefix>.<step>.<verb>` with before `{ step }` and after `{ step: to, … }` (the
 * identification and exit procedures): from is the step named; to is proven by the after-digest among every step
 * (alone, or with one of the extras' values); an after-state carrying more (an objection's id, a signature, an
 * escalation) proves nothing, and to is null.
 */
export function stepProcedure(p: StepProcedure): HistoryDescriber {
  const steps = Object.keys(p.steps);
  const states = steps.flatMap((step) => [
    { step },
    ...Object.entries(p.extras ?? {}).flatMap(([key, values]) => values.map((v) => ({ step, [key]: v }))),
  ]);
  const prove = provenBy(states);
  const ref = (code: string): StepRef => ({ code, label: p.steps[code] ?? same(code) });
  return (r) => {
    const parts = r.action.split('.');
    if (parts.length !== 3 || parts[0] !== p.prefix || !(parts[1] in p.steps)) return null;
    const [, step, verb] = parts;
    const to = prove(r.afterDigest)?.step;
    const verbLabel = p.verbs[verb] ?? same(verb);
    return {
      procedure: p.procedure,
      procedureLabel: p.procedureLabel,
      actionLabel: {
        'zh-CN': `${p.steps[step]['zh-CN']} · ${verbLabel['zh-CN']}`,
        en: `${p.steps[step].en}: ${verbLabel.en}`,
      },
      from: ref(step),
      to: to === undefined ? null : ref(to),
    };
  };
}
