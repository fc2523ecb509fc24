import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import type { Principal } from '../roles';
import {
  IssuerUnavailable,
  TokenRejected,
  type TokenRejection,
  type TokenVerifier,
  extractBearerToken,
} from '../verifier';
import { type AllowRule, declaredAccess } from './decorators';

const tokenMessages: Record<TokenRejection, { 'zh-CN': string; en: string }> = {
  token_missing: {
    'zh-CN': '缺少访问令牌（Authorization: Bearer …）',
    en: 'A bearer token is required (Authorization: Bearer …)',
  },
  token_expired: { 'zh-CN': '访问令牌已过期，请重新登录', en: 'The token has expired; sign in again' },
  token_invalid: {
    'zh-CN': '访问令牌无效（签名、签发方、受众或声明不符）',
    en: 'The token is invalid (signature, issuer, audience or claims)',
  },
  token_lifetime: {
    'zh-CN': '访问令牌的有效期超过平台允许的上限，请重新登录获取新令牌',
    en: 'The token is valid for longer than the platform allows; sign in again for a new one',
  },
};

/** Methods that change nothing: the only ones an auditor may call without being listed in @Allow. */
const READ_METHODS = new Set(['GET', 'HEAD']);

interface AuthRequest {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

function matches(rule: AllowRule, p: Principal): boolean {
  if (rule.role !== p.role) return false;
  if (rule.department === undefined) return true;
  return p.jurisdiction.kind === 'department' && p.jurisdiction.department === rule.department;
}

function roleLabel(p: Principal): string {
  return p.jurisdiction.kind === 'department' ? `${p.role}(${p.jurisdiction.department})` : p.role;
}

/**
 * Global guard, deny by default: @Public opens an endpoint; otherwise a valid bearer token is
 * required (401) and the caller's role must be listed by @Allow (403). An endpoint with neither is
 * refused for everybody. Auditors (纪检/审计) read everything and change nothing unless listed.
 * The verified principal is attached as `request.principal`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly verify: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = declaredAccess(context.getHandler(), context.getClass());
    if (access.kind === 'public') return true;
    if (access.kind === 'none') {
      // nobody may call it, with or without a token: someone forgot @Allow
      throw new ForbiddenException({
        code: 'auth.no_rule',
        message: {
          'zh-CN': '该接口未声明任何可访问角色，拒绝访问',
          en: 'This endpoint declares no role that may call it (deny by default)',
        },
      });
    }
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const principal = await this.authenticate(request);
    request.principal = principal;
    const listed = access.rules.some((rule) => matches(rule, principal));
    const isRead = READ_METHODS.has((request.method ?? '').toUpperCase());
    const allowed = principal.role === 'auditor' ? listed || isRead : listed;
    if (!allowed) {
      const who = roleLabel(principal);
      throw new ForbiddenException({
        code: 'auth.role_forbidden',
        message: { 'zh-CN': `角色 ${who} 无权执行此操作`, en: `Role ${who} may not do this` },
      });
    }
    return true;
  }

  private async authenticate(request: AuthRequest): Promise<Principal> {
    try {
      return await this.verify(extractBearerToken(request.headers['authorization']));
    } catch (e) {
      if (e instanceof IssuerUnavailable) {
        throw new ServiceUnavailableException({
          code: 'auth.issuer_unavailable',
          message: {
            'zh-CN': '暂时无法验证访问令牌（认证服务不可用），请稍后重试',
            en: 'The token cannot be verified right now (issuer unavailable); try again later',
          },
        });
      }
      const reason: TokenRejection = e instanceof TokenRejected ? e.reason : 'token_invalid';
      throw new UnauthorizedException({ code: `auth.${reason}`, message: tokenMessages[reason] });
    }
  }
}
