import { z } from 'zod';

/** Who caused an event: a signed-in user (subject, role, jurisdiction), or the system (a deadline, a relay). */
export const actorSchema = z.union([
  z.object({ subject: z.string().min(1), role: z.string().min(1), jurisdiction: z.string().min(1) }),
  z.object({ system: z.string().min(1) }),
]);
export type EventActor = z.infer<typeof actorSchema>;

/** Event types are dotted lowercase names: `household.registered`. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/** The envelope every domain event travels in; the payload is checked separately, by (type, version). */
export const eventEnvelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(EVENT_TYPE_PATTERN, 'must be a dotted lowercase event type, e.g. household.registered'),
  version: z.number().int().min(1),
  aggregateId: z.string().min(1).max(200),
  /** ISO 8601 in UTC (`Z`), e.g. `2019-03-01T08:00:00.000Z`. */
  occurredAt: z.iso.datetime(),
  actor: actorSchema,
  payload: z.unknown(),
});

export interface EventEnvelope<T = unknown, TType extends string = string, TVersion extends number = number> {
  /** UUID; consumers de-duplicate on it. */
  id: string;
  type: TType;
  version: TVersion;
  aggregateId: string;
  /** ISO 8601 UTC. */
  occurredAt: string;
  actor: EventActor;
  payload: T;
}

/** One event contract: type + version name it, topic says where it is published, payload says what it carries. */
export interface EventDefinition<
  TType extends string = string,
  TVersion extends number = number,
  TTopic extends string = string,
  TSchema extends z.ZodType = z.ZodType,
> {
  readonly type: TType;
  readonly version: TVersion;
  readonly topic: TTopic;
  readonly payload: TSchema;
}

/** The envelope type of events of a definition, payload as parsed. */
export type EventOf<D> =
  D extends EventDefinition<infer TType, infer TVersion, string, infer TSchema>
    ? EventEnvelope<z.output<TSchema>, TType, TVersion>
    : never;

export interface ContractIssue {
  /** Dotted path of the offending field, e.g. `payload.members.0.idNumber`; empty for the event as a whole. */
  path: string;
  message: string;
}

/** An event that breaks its contract: what was wrong, field by field. Never retried; logged and skipped. */
export class ContractViolation extends Error {
  constructor(
    readonly summary: string,
    readonly issues: readonly ContractIssue[],
  ) {
    super(`${summary}: ${issues.map((i) => `${i.path || '(event)'}: ${i.message}`).join('; ')}`);
    this.name = 'ContractViolation';
  }
}

/** Turn zod issues into ContractIssues, paths under `prefix` (e.g. `payload`). */
export function toContractIssues(error: z.ZodError, prefix?: string): ContractIssue[] {
  return error.issues.map((issue) => ({
    path: [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** Declare an event contract. Thrown errors here are programming errors, found when the module loads. */
export function defineEvent<
  const TType extends string,
  const TVersion extends number,
  const TTopic extends string,
  TSchema extends z.ZodType,
>(definition: {
  type: TType;
  version: TVersion;
  topic: TTopic;
  payload: TSchema;
}): EventDefinition<TType, TVersion, TTopic, TSchema> {
  if (!EVENT_TYPE_PATTERN.test(definition.type))
    throw new Error(`event type "${definition.type}" is not a dotted lowercase name`);
  if (!Number.isInteger(definition.version) || definition.version < 1)
    throw new Error(`event ${definition.type}: version must be an integer ≥ 1`);
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/.test(definition.topic))
    throw new Error(`event ${definition.type}: topic "${definition.topic}" is not a valid name`);
  return Object.freeze({ ...definition });
}

export interface BuildEventInput<TPayload> {
  aggregateId: string;
  actor: EventActor;
  payload: TPayload;
  /** Event id; otherwise from `generateId`, otherwise `globalThis.crypto.randomUUID()`. */
  id?: string;
  generateId?: () => string;
  /** Defaults to now. A string must be ISO 8601 UTC. */
  occurredAt?: string | Date;
}

/**
 * Producer side: build the envelope and validate it and the payload against the contract before the event can
 * enter an outbox. Throws ContractViolation naming each bad field (`payload.memberCount`, `actor`, ...).
 */
export function buildEvent<const TType extends string, const TVersion extends number, TSchema extends z.ZodType>(
  definition: EventDefinition<TType, TVersion, string, TSchema>,
  input: BuildEventInput<z.input<TSchema>>,
): EventEnvelope<z.output<TSchema>, TType, TVersion> {
  const occurredAt =
    input.occurredAt instanceof Date ? input.occurredAt.toISOString() : (input.occurredAt ?? new Date().toISOString());
  const id = input.id ?? (input.generateId ? input.generateId() : globalThis.crypto.randomUUID());
  const envelope = eventEnvelopeSchema.safeParse({
    id,
    type: definition.type,
    version: definition.version,
    aggregateId: input.aggregateId,
    occurredAt,
    actor: input.actor,
    payload: input.payload,
  });
  const payload = definition.payload.safeParse(input.payload);
  const issues = [
    ...(envelope.success ? [] : toContractIssues(envelope.error)),
    ...(payload.success ? [] : toContractIssues(payload.error, 'payload')),
  ];
  if (!envelope.success || !payload.success) {
    throw new ContractViolation(`cannot build ${definition.type} v${definition.version}`, issues);
  }
  return {
    id: envelope.data.id,
    type: definition.type,
    version: definition.version,
    aggregateId: envelope.data.aggregateId,
    occurredAt: envelope.data.occurredAt,
    actor: envelope.data.actor,
    payload: payload.data,
  };
}
