-- 资金公告公示: industry-service's project funds are noticed publicly before any disbursement (issue 14).
ALTER TYPE "NoticeProcedure" ADD VALUE IF NOT EXISTS 'industry';
