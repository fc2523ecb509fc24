import { DomainError } from '@fupin/service-kit';

export function householdNotFound(id: string): DomainError {
  return new DomainError(
    404,
    'household.not_found',
    { 'zh-CN': `未找到户 ${id}`, en: `Household ${id} not found` },
    'id',
  );
}
