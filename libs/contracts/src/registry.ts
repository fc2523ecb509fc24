import {
  type ContractIssue,
  ContractViolation,
  type EventDefinition,
  type EventOf,
  eventEnvelopeSchema,
  toContractIssues,
} from './envelope';
import { contracts } from './events';

type Contracts = typeof contracts;
export type KnownContract = Contracts[keyof Contracts];
/** Any event this platform knows, discriminated by `type` (and `version`). */
export type KnownEvent = { [K in keyof Contracts]: EventOf<Contracts[K]> }[keyof Contracts];
export type EventTopic = KnownContract['topic'];
export type EventType = KnownContract['type'];

export const eventKey = (type: string, version: number): string => `${type}@v${version}`;

const byKey = new Map<string, EventDefinition>();
for (const definition of Object.values(contracts) as EventDefinition[]) {
  const key = eventKey(definition.type, definition.version);
  if (byKey.has(key)) throw new Error(`event contract ${key} is defined twice`);
  byKey.set(key, definition);
}

/** The contract for (type, version), if there is one. */
export function contractFor(type: string, version: number): KnownContract | undefined {
  return byKey.get(eventKey(type, version)) as KnownContract | undefined;
}

/** Every topic an event is published on, each once, sorted (for creating topics and subscribing). */
export function allTopics(): EventTopic[] {
  return [...new Set(Object.values(contracts).map((d) => d.topic))].sort();
}

/**
 * Consumer side: validate the envelope, then the payload of that (type, version). Returns the event typed by its
 * contract (narrow on `event.type`); throws ContractViolation for an unknown type or version or any bad field.
 */
export function parseEvent(raw: unknown): KnownEvent {
  const envelope = eventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new ContractViolation('invalid event envelope', toContractIssues(envelope.error));
  const { type, version } = envelope.data;
  const definition = byKey.get(eventKey(type, version));
  if (!definition) {
    const known = [...byKey.values()].filter((d) => d.type === type).map((d) => d.version);
    const issue: ContractIssue = known.length
      ? { path: 'version', message: `${type} has no version ${version} (known: ${known.join(', ')})` }
      : { path: 'type', message: `${type} is not a known event type` };
    throw new ContractViolation(`unknown event ${type} v${version}`, [issue]);
  }
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success)
    throw new ContractViolation(`invalid ${type} v${version} payload`, toContractIssues(payload.error, 'payload'));
  return { ...envelope.data, payload: payload.data } as KnownEvent;
}

/** parseEvent without throwing. */
export function safeParseEvent(
  raw: unknown,
): { ok: true; event: KnownEvent } | { ok: false; error: ContractViolation } {
  try {
    return { ok: true, event: parseEvent(raw) };
  } catch (error) {
    if (error instanceof ContractViolation) return { ok: false, error };
    throw error;
  }
}
