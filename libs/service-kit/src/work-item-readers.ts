import type { Principal } from '@fupin/auth';

/**
 * Who reads an inbox, and which steps of a procedure's actor table they sign (待办, ADR 0019). Pure; shared by every
 * service's work-items module. An actor is a role at a division level, a department officer also one of
 * `departments` (the rules' actor tables). A department jurisdiction acts for its division code
 * (dept:relocation@430523: the county 430523) as the rules' actor checks have it; without a division code it signs
 * nothing (wrong_level), so its inbox is empty. A workflow operator (流程运维) signs nothing but watches every step
 * waiting inside their division, whoever signs it: their inbox is the list of running procedures, stuck ones first.
 */
export interface Actor {
  role: string;
  level: string;
  departments?: readonly string[];
}

export interface Reader {
  role: string;
  /** The division the reader acts for: its villages are the reader's. */
  code: string;
  level: 'village' | 'township' | 'county';
  /** The department of a department jurisdiction, or null. */
  department: string | null;
}

const LEVEL_OF_CODE: Readonly<Record<number, Reader['level']>> = { 12: 'village', 9: 'township', 6: 'county' };

/** The reader of an inbox, or null when their jurisdiction is no village, township or county (nothing to sign). */
export function readerOf(p: Principal): Reader | null {
  const j = p.jurisdiction;
  const code = j.kind === 'division' ? j.code : (j.divisionCode ?? '');
  const level = LEVEL_OF_CODE[code.length];
  if (!level) return null;
  return { role: p.role, code, level, department: j.kind === 'department' ? j.department : null };
}

/** Does the reader sign as `actor` (role, level, and the department when the actor names departments), or watch it. */
export function signsAs(actor: Actor, r: Reader): boolean {
  if (r.role === 'workflow_operator') return true; // watches every step in their division; signs none of them
  if (actor.role !== r.role || actor.level !== r.level) return false;
  return actor.departments ? r.department !== null && actor.departments.includes(r.department) : r.department === null;
}

/** The actions of `actors` the reader signs. */
export function actionsSignedBy(actors: Readonly<Record<string, readonly Actor[]>>, r: Reader): string[] {
  return Object.keys(actors).filter((a) => actors[a].some((actor) => signsAs(actor, r)));
}

/** The role shown as the signer of `action`: the reader's when they are one of its actors, else its first actor's. */
export function signerRole(actors: readonly Actor[] | undefined, r: Reader): string {
  return (actors?.find((a) => signsAs(a, r)) ?? actors?.[0])?.role ?? '';
}
