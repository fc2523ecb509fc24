import { z } from 'zod';

/** Who caused an event: a signed-in user, or the system (a deadline, a relay). */
export const actorSchema = z.union([
  z.object({ subject: z.string().min(1), role: z.string().min(1), jurisdiction: z.string().min(1) }),
  z.object({ system: z.string().min(1) }),
]);

export const eventEnvelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().regex(/^[a-z-]+(\.[a-z-]+)+$/),
  version: z.number().int().min(1),
  aggregateId: z.string().min(1),
  occurredAt: z.string().datetime({ offset: false }),
  actor: actorSchema,
  payload: z.unknown(),
});

export type EventActor = z.infer<typeof actorSchema>;
export interface EventEnvelope<T> {
  id: string;
  type: string;
  version: number;
  aggregateId: string;
  occurredAt: string;
  actor: EventActor;
  payload: T;
}

export interface EventDefinition<T> {
  type: string;
  version: number;
  topic: string;
  payload: z.ZodType<T>;
}

export class ContractViolation extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`${message}: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`);
    this.name = 'ContractViolation';
  }
}

function violation(message: string, error: z.ZodError): ContractViolation {
  return new ContractViolation(message, error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}

const registry = new Map<string, EventDefinition<unknown>>();

export function defineEvent<T>(def: EventDefinition<T>): EventDefinition<T> {
  const key = `${def.type}@${def.version}`;
  if (registry.has(key)) throw new Error(`event ${key} defined twice`);
  registry.set(key, def as EventDefinition<unknown>);
  return def;
}

export function allTopics(): string[] {
  return [...new Set([...registry.values()].map((d) => d.topic))].sort();
}

/** Producer side: the payload is validated before it can enter an outbox. */
export function buildEvent<T>(
  def: EventDefinition<T>,
  input: { aggregateId: string; actor: EventActor; payload: T; id?: string; occurredAt?: string },
): EventEnvelope<T> {
  const parsed = def.payload.safeParse(input.payload);
  if (!parsed.success) throw violation(`invalid ${def.type} v${def.version} payload`, parsed.error);
  const envelope: EventEnvelope<T> = {
    id: input.id ?? globalThis.crypto.randomUUID(),
    type: def.type,
    version: def.version,
    aggregateId: input.aggregateId,
    occurredAt: input.occurredAt ?? new Date().toISOString(),
    actor: input.actor,
    payload: parsed.data,
  };
  const checked = eventEnvelopeSchema.safeParse(envelope);
  if (!checked.success) throw violation(`invalid ${def.type} envelope`, checked.error);
  return envelope;
}

/** Consumer side: envelope, then the payload of that (type, version). Unknown events are violations. */
export function parseEvent(raw: unknown): EventEnvelope<unknown> {
  const envelope = eventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw violation('invalid event envelope', envelope.error);
  const def = registry.get(`${envelope.data.type}@${envelope.data.version}`);
  if (!def) throw new ContractViolation('unknown event', [{ path: 'type', message: `${envelope.data.type} v${envelope.data.version} is not a known contract` }]);
  const payload = def.payload.safeParse(envelope.data.payload);
  if (!payload.success) throw violation(`invalid ${def.type} v${def.version} payload`, payload.error);
  return { ...envelope.data, payload: payload.data };
}
