import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Principal } from '../roles';
import { TokenRejected, type TokenVerifier } from '../verifier';
import { ALLOW_KEY, type AllowRule, PUBLIC_KEY } from './decorators';

const tokenMessages = {
  token_missing: { 'zh-CN': '缺少访问令牌（Authorization: Bearer …）', en: 'A bearer token is required (Authorization: Bearer …)' },
  token_expired: { 'zh-CN': '访问令牌已过期，请重新登录', en: 'The token has expired; sign in again' },
  token_invalid: { 'zh-CN': '访问令牌无效（签名、签发方或受众不符）', en: 'The token is invalid (signature, issuer or audience)' },
};

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface AuthRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/** Global guard: deny by default; @Public opens an endpoint; @Allow names the roles that may call it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verify: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const header = request.headers['authorization'];
    const value = Array.isArray(header) ? header[0] : header;
    const token = value?.startsWith('Bearer ') ? value.slice(7).trim() : undefined;
    let principal: Principal;
    try {
      principal = await this.verify(token);
    } catch (e) {
      const reason = e instanceof TokenRejected ? e.reason : 'token_invalid';
      throw new UnauthorizedException({ code: `auth.${reason}`, message: tokenMessages[reason] });
    }
    request.principal = principal;
    const rules = this.reflector.getAllAndOverride<AllowRule[] | undefined>(ALLOW_KEY, targets);
    if (!rules || rules.length === 0) {
      throw new ForbiddenException({ code: 'auth.no_rule', message: { 'zh-CN': '该接口未开放给任何角色', en: 'This endpoint is not open to any role' } });
    }
    const allowed = rules.some(
      (r) => r.role === principal.role && (r.department === undefined || (principal.jurisdiction.kind === 'department' && principal.jurisdiction.department === r.department)),
    );
    // auditors read everything in their jurisdiction and change nothing
    const auditorWrite = principal.role === 'auditor' && !READ_METHODS.has(request.method.toUpperCase());
    if (!allowed || auditorWrite) {
      const who = principal.jurisdiction.kind === 'department' ? `${principal.role}(${principal.jurisdiction.department})` : principal.role;
      throw new ForbiddenException({
        code: 'auth.role_forbidden',
        message: { 'zh-CN': `角色 ${who} 无权执行此操作`, en: `Role ${who} may not do this` },
      });
    }
    return true;
  }
}
