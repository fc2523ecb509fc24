import { SetMetadata, createParamDecorator, type ExecutionContext, ForbiddenException } from '@nestjs/common';
import { type Department, type Principal, type Role, coversDivision, jurisdictionLabel } from '../roles';

export const PUBLIC_KEY = 'fupin:public';
export const ALLOW_KEY = 'fupin:allow';

export interface AllowRule {
  role: Role;
  department?: Department;
}

/** An endpoint anyone may call without a token. Must be explicit. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Who may call an endpoint. Endpoints with neither @Allow nor @Public are refused for everybody. */
export const Allow = (...rules: AllowRule[]) => SetMetadata(ALLOW_KEY, rules);

export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});

/** 403 unless the caller's jurisdiction covers the division (county covers its villages, …). */
export function assertJurisdiction(principal: Principal, divisionCode: string): void {
  if (coversDivision(principal, divisionCode)) return;
  throw new ForbiddenException({
    code: 'auth.out_of_jurisdiction',
    field: 'divisionCode',
    message: {
      'zh-CN': `无权处理辖区 ${divisionCode} 的事务（您的辖区：${jurisdictionLabel(principal.jurisdiction)}）`,
      en: `Division ${divisionCode} is outside your jurisdiction (${jurisdictionLabel(principal.jurisdiction)})`,
    },
  });
}
