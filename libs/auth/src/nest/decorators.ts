import { type ExecutionContext, ForbiddenException, SetMetadata, createParamDecorator } from '@nestjs/common';
import {
  type Department,
  type Principal,
  type Role,
  coversDivision,
  jurisdictionLabel,
  principalJurisdictionLabel,
} from '../roles';

export const PUBLIC_KEY = 'fupin:auth:public';
export const ALLOW_KEY = 'fupin:auth:allow';

/** Who may call an endpoint: a role, and for department officers optionally one department. */
export interface AllowRule {
  role: Role;
  department?: Department;
}

/** An endpoint anyone may call without a token (health, metrics, public notices). Must be explicit. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/**
 * Who may call an endpoint (on a handler, or on a controller for all its handlers; the handler's
 * declaration wins). Endpoints with neither @Allow nor @Public are refused for everybody.
 * Auditors may read (GET/HEAD) any endpoint that has an @Allow; other methods only if listed here.
 */
export const Allow = (...rules: AllowRule[]): MethodDecorator & ClassDecorator => SetMetadata(ALLOW_KEY, rules);

/** What an endpoint declares: open to all, open to the roles listed, or (neither declared) to nobody. */
export type DeclaredAccess = { kind: 'public' } | { kind: 'allow'; rules: AllowRule[] } | { kind: 'none' };

/**
 * The access an endpoint declares, as the guard enforces it: the nearest declaration wins (handler before
 * controller; @Allow before @Public on the same target). Also read by the OpenAPI documenter.
 */
export function declaredAccess(handler: object, controller: object): DeclaredAccess {
  for (const target of [handler, controller]) {
    const rules = Reflect.getMetadata(ALLOW_KEY, target) as AllowRule[] | undefined;
    if (rules !== undefined) return { kind: 'allow', rules };
    if (Reflect.getMetadata(PUBLIC_KEY, target) === true) return { kind: 'public' };
  }
  return { kind: 'none' };
}

/** The principal the guard attached to the request; a programming error on an unauthenticated route. */
export function principalOf(context: ExecutionContext): Principal {
  const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal)
    throw new Error('@CurrentPrincipal() used on a route without an authenticated caller (is it @Public?)');
  return principal;
}

/** Handler parameter: the verified caller (`request.principal`). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal =>
  principalOf(context),
);

/**
 * 403 `auth.out_of_jurisdiction` unless the caller's jurisdiction covers the division (county covers
 * its villages, …). `field` optionally names the input the code came from (e.g. 'villageCode').
 */
export function assertJurisdiction(principal: Principal, divisionCode: string, field?: string): void {
  if (coversDivision(principal, divisionCode)) return;
  const own = jurisdictionLabel(principal.jurisdiction);
  throw new ForbiddenException({
    code: 'auth.out_of_jurisdiction',
    ...(field !== undefined ? { field } : {}),
    message: {
      'zh-CN': `无权处理辖区 ${divisionCode} 的事务（您的辖区：${own}）`,
      en: `Division ${divisionCode} is outside your jurisdiction (${own})`,
    },
  });
}

/** Who signs a change (谁签字谁负责): the audit record's and the event's actor. */
export interface Actor {
  subject: string;
  role: string;
  jurisdiction: string;
}

export const actorOf = (principal: Principal): Actor => ({
  subject: principal.subject,
  role: principal.role,
  jurisdiction: principalJurisdictionLabel(principal),
});

/**
 * Reading county-wide data (sites, partners …): anyone whose jurisdiction covers the county, or lies inside it (a
 * village cadre reads its county's list); else 403 as assertJurisdiction.
 */
export function assertCountyReader(principal: Principal, countyCode: string, field?: string): void {
  const j = principal.jurisdiction;
  const own = j.kind === 'division' ? j.code : j.divisionCode;
  if (own !== undefined && own.length > countyCode.length && own.startsWith(countyCode)) return;
  assertJurisdiction(principal, countyCode, field);
}
