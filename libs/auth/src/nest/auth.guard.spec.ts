import 'reflect-metadata';
import {
  type ExecutionContext,
  ForbiddenException,
  HttpException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { type Principal, parseJurisdiction } from '../roles';
import { IssuerUnavailable, TokenRejected, type TokenVerifier } from '../verifier';
import { AuthGuard } from './auth.guard';
import { Allow, Public, assertJurisdiction, principalOf } from './decorators';

const principal = (role: Principal['role'], claim: string): Principal => ({
  subject: `u-${role}`,
  role,
  jurisdiction: parseJurisdiction(claim)!,
});

// token → principal; any other token is invalid, 'expired' is expired, 'down' means the issuer cannot be reached
const people: Record<string, Principal> = {
  cadre: principal('village_cadre', '430523101201'),
  approver: principal('county_approver', '430523'),
  auditor: principal('auditor', '430523'),
  medical: principal('department_officer', 'dept:medical_aid@430523'),
  relocation: principal('department_officer', 'dept:relocation'),
};
const fakeVerify: TokenVerifier = async (token) => {
  if (!token) throw new TokenRejected('token_missing', 'none');
  if (token === 'expired') throw new TokenRejected('token_expired', 'exp');
  if (token === 'down') throw new IssuerUnavailable('connection refused');
  const p = people[token];
  if (!p) throw new TokenRejected('token_invalid', 'bad signature');
  return p;
};

class HouseholdController {
  @Public()
  health() {}

  @Allow({ role: 'village_cadre' }, { role: 'county_approver' })
  register() {}

  @Allow({ role: 'village_cadre' }, { role: 'county_approver' })
  read() {}

  @Allow({ role: 'auditor' })
  verifyAuditTrail() {}

  @Allow({ role: 'department_officer', department: 'medical_aid' })
  settleClaim() {}

  @Allow({ role: 'department_officer' })
  anyDepartment() {}

  forgotten() {}
}

@Allow({ role: 'county_approver' })
class ApprovalController {
  approve() {}

  @Allow({ role: 'village_cadre' })
  submit() {}

  @Public()
  notice() {}
}

@Public()
class NoticeController {
  list() {}

  @Allow({ role: 'county_approver' })
  publish() {}
}

type Handler = (...args: unknown[]) => unknown;
interface FakeRequest {
  method: string;
  headers: Record<string, string | undefined>;
  principal?: Principal;
}

function contextFor(
  controller: { prototype: object },
  handler: string,
  method: string,
  token?: string,
): { context: ExecutionContext; request: FakeRequest } {
  const request: FakeRequest = {
    method,
    headers: { authorization: token === undefined ? undefined : `Bearer ${token}` },
  };
  const context = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}), getNext: () => undefined }),
    getHandler: () => (controller.prototype as Record<string, Handler>)[handler],
    getClass: () => controller,
    getType: () => 'http',
    getArgs: () => [request],
    getArgByIndex: (i: number) => [request][i],
    switchToRpc: () => {
      throw new Error('http only');
    },
    switchToWs: () => {
      throw new Error('http only');
    },
  } as unknown as ExecutionContext;
  return { context, request };
}

const guard = new AuthGuard(fakeVerify);

async function refusal(
  controller: { prototype: object },
  handler: string,
  method: string,
  token?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    await guard.canActivate(contextFor(controller, handler, method, token).context);
  } catch (e) {
    if (e instanceof HttpException) return { status: e.getStatus(), body: e.getResponse() as Record<string, unknown> };
    throw e;
  }
  throw new Error('expected the guard to refuse');
}

const passes = (controller: { prototype: object }, handler: string, method: string, token?: string) =>
  guard.canActivate(contextFor(controller, handler, method, token).context);

describe('AuthGuard', () => {
  it('lets a @Public route through without a token, and ignores a bad one', async () => {
    await expect(passes(HouseholdController, 'health', 'GET')).resolves.toBe(true);
    await expect(passes(HouseholdController, 'health', 'GET', 'garbage')).resolves.toBe(true);
  });

  it('answers 401 auth.token_missing without a token, with a bilingual message', async () => {
    const { status, body } = await refusal(HouseholdController, 'register', 'POST');
    expect(status).toBe(401);
    expect(body).toEqual({
      code: 'auth.token_missing',
      message: { 'zh-CN': expect.any(String), en: expect.any(String) },
    });
  });

  it('answers 401 token_missing for a non-Bearer Authorization header', async () => {
    const { context } = contextFor(HouseholdController, 'register', 'POST');
    context.switchToHttp().getRequest<FakeRequest>().headers['authorization'] = 'Basic dXNlcjpwYXNz';
    await expect(guard.canActivate(context)).rejects.toMatchObject({ response: { code: 'auth.token_missing' } });
  });

  it('answers 401 auth.token_expired and auth.token_invalid', async () => {
    expect(await refusal(HouseholdController, 'register', 'POST', 'expired')).toMatchObject({
      status: 401,
      body: { code: 'auth.token_expired' },
    });
    expect(await refusal(HouseholdController, 'register', 'POST', 'forged')).toMatchObject({
      status: 401,
      body: { code: 'auth.token_invalid' },
    });
  });

  it('throws UnauthorizedException for token problems and ServiceUnavailableException when the issuer is down', async () => {
    await expect(passes(HouseholdController, 'register', 'POST')).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(passes(HouseholdController, 'register', 'POST', 'down')).rejects.toBeInstanceOf(
      ServiceUnavailableException,
    );
    expect(await refusal(HouseholdController, 'register', 'POST', 'down')).toMatchObject({
      status: 503,
      body: { code: 'auth.issuer_unavailable' },
    });
  });

  it('lets an allowed role through and attaches the principal to the request', async () => {
    const { context, request } = contextFor(HouseholdController, 'register', 'POST', 'cadre');
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.principal).toBe(people.cadre);
    expect(principalOf(context)).toBe(people.cadre);
  });

  it('answers 403 auth.role_forbidden naming the role', async () => {
    const { status, body } = await refusal(HouseholdController, 'register', 'POST', 'medical');
    expect(status).toBe(403);
    expect(body).toMatchObject({ code: 'auth.role_forbidden' });
    const message = body.message as Record<string, string>;
    expect(message['zh-CN']).toContain('department_officer(medical_aid)');
    expect(message.en).toContain('department_officer(medical_aid)');
    await expect(passes(HouseholdController, 'register', 'POST', 'medical')).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('refuses endpoints with neither @Allow nor @Public with 403, for everybody (deny by default)', async () => {
    for (const token of [undefined, 'approver', 'auditor']) {
      expect(await refusal(HouseholdController, 'forgotten', 'GET', token)).toMatchObject({
        status: 403,
        body: { code: 'auth.no_rule' },
      });
    }
  });

  it('auditors read any declared endpoint but change nothing unless explicitly allowed', async () => {
    await expect(passes(HouseholdController, 'read', 'GET', 'auditor')).resolves.toBe(true);
    await expect(passes(HouseholdController, 'read', 'HEAD', 'auditor')).resolves.toBe(true);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(await refusal(HouseholdController, 'register', method, 'auditor')).toMatchObject({
        status: 403,
        body: { code: 'auth.role_forbidden' },
      });
    }
    await expect(passes(HouseholdController, 'verifyAuditTrail', 'POST', 'auditor')).resolves.toBe(true);
  });

  it('matches departments: a department rule admits only that department; a bare role admits all', async () => {
    await expect(passes(HouseholdController, 'settleClaim', 'POST', 'medical')).resolves.toBe(true);
    expect(await refusal(HouseholdController, 'settleClaim', 'POST', 'relocation')).toMatchObject({
      status: 403,
      body: { code: 'auth.role_forbidden' },
    });
    expect(await refusal(HouseholdController, 'settleClaim', 'POST', 'approver')).toMatchObject({ status: 403 });
    await expect(passes(HouseholdController, 'anyDepartment', 'POST', 'relocation')).resolves.toBe(true);
  });

  it('applies controller-level declarations, the handler declaration winning', async () => {
    await expect(passes(ApprovalController, 'approve', 'POST', 'approver')).resolves.toBe(true);
    expect(await refusal(ApprovalController, 'approve', 'POST', 'cadre')).toMatchObject({ status: 403 });
    await expect(passes(ApprovalController, 'submit', 'POST', 'cadre')).resolves.toBe(true);
    expect(await refusal(ApprovalController, 'submit', 'POST', 'approver')).toMatchObject({ status: 403 });
    await expect(passes(ApprovalController, 'notice', 'GET')).resolves.toBe(true);
    await expect(passes(NoticeController, 'list', 'GET')).resolves.toBe(true);
    expect(await refusal(NoticeController, 'publish', 'POST')).toMatchObject({
      status: 401,
      body: { code: 'auth.token_missing' },
    });
    await expect(passes(NoticeController, 'publish', 'POST', 'approver')).resolves.toBe(true);
  });
});

describe('principalOf (@CurrentPrincipal)', () => {
  it('fails loudly on a route where nobody was authenticated', async () => {
    const { context } = contextFor(HouseholdController, 'health', 'GET');
    await guard.canActivate(context);
    expect(() => principalOf(context)).toThrow(/without an authenticated caller/);
  });
});

describe('assertJurisdiction', () => {
  it('passes inside the jurisdiction', () => {
    expect(() => assertJurisdiction(people.approver, '430523101201')).not.toThrow();
    expect(() => assertJurisdiction(people.cadre, '430523101201')).not.toThrow();
    expect(() => assertJurisdiction(people.relocation, '520102001001')).not.toThrow();
  });

  it('answers 403 auth.out_of_jurisdiction naming the code, in Chinese and English', () => {
    let caught: unknown;
    try {
      assertJurisdiction(people.cadre, '430523101202');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ForbiddenException);
    const body = (caught as ForbiddenException).getResponse() as { code: string; message: Record<string, string> };
    expect(body.code).toBe('auth.out_of_jurisdiction');
    expect(body.message['zh-CN']).toContain('430523101202');
    expect(body.message.en).toContain('430523101202');
    expect(() => assertJurisdiction(people.medical, '430524101201')).toThrow(ForbiddenException);
  });

  it('names the input field when given', () => {
    try {
      assertJurisdiction(people.cadre, '430523101202', 'villageCode');
      throw new Error('expected a refusal');
    } catch (e) {
      expect((e as ForbiddenException).getResponse()).toMatchObject({
        code: 'auth.out_of_jurisdiction',
        field: 'villageCode',
      });
    }
  });
});
