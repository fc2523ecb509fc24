import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { declaredAccess } from '@fupin/auth';
import { SCHEMA_COMPONENTS } from './contracts';

/**
 * Every status an operation can answer, in its OpenAPI document, with the one error shape. The platform's
 * own refusals follow from the operation's shape, so they are added here once for all services rather than
 * on each handler: a token is needed (401, 403, 503 when the issuer cannot be reached), there is input to
 * validate or a write (400), a path or a write's body names a thing that may not exist (404), a body may be
 * too large or of the wrong type (413, 415), a write may conflict with what is recorded or break a domain
 * rule (409, 422). A status a handler documents itself (e.g. 429 on objections) is kept as written.
 */

type Access = 'public' | 'token';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', example: 'request.invalid_field', description: 'machine-readable reason' },
        field: { type: 'string', description: 'the input concerned (body path, query or path parameter, header)' },
        message: {
          type: 'object',
          required: ['zh-CN', 'en'],
          properties: {
            'zh-CN': { type: 'string', example: '字段 villageCode 无效：须为12位村级代码' },
            en: { type: 'string', example: 'Field villageCode is invalid: must be a 12-digit village code' },
          },
        },
        details: { description: 'every problem found, when there are several' },
        requestId: { type: 'string', description: 'also in the X-Request-Id header; quote it to ops' },
      },
    },
  },
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid input: the field and the rule are named (请求无效：指明字段与规则)',
  401: 'No valid bearer token (未登录或令牌无效); see WWW-Authenticate',
  403: 'Role or jurisdiction does not allow this (无权执行或超出辖区)',
  404: 'Not found (未找到)',
  409: 'Conflicts with what is recorded, or an Idempotency-Key reused for another request (与现有数据冲突)',
  413: 'Request body too large (请求内容过大)',
  415: 'Unsupported Content-Type (内容类型不支持)',
  422: 'A domain rule refuses it; the rule is named (业务规则不允许)',
  503: 'A dependency (token issuer, workflow engine) is not available right now; retry (暂时不可用，请重试)',
};

/** Access of each operation by its default operationId (`<Controller>_<method>`), as the global guard decides it. */
function accessByOperationId(app: INestApplication): Map<string, Access> {
  const out = new Map<string, Access>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!type?.prototype) continue;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        out.set(`${type.name}_${name}`, accessOf(handler, type));
      }
    }
  }
  return out;
}

/** As the guard decides: public only where @Public is the nearest declaration; anything else needs a token. */
function accessOf(handler: object, type: object): Access {
  return declaredAccess(handler, type).kind === 'public' ? 'public' : 'token';
}

interface Operation {
  operationId?: string;
  parameters?: { in: string; required?: boolean }[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  security?: Record<string, string[]>[];
}

function platformStatuses(method: string, op: Operation, access: Access): number[] {
  const params = op.parameters ?? [];
  const statuses: number[] = [];
  const write = ['post', 'put', 'patch', 'delete'].includes(method);
  if (params.length > 0 || op.requestBody || write) statuses.push(400);
  if (access === 'token') statuses.push(401, 403, 503);
  if (write || params.some((p) => p.in === 'path')) statuses.push(404); // a path or a body names a record
  if (write) statuses.push(409, 422);
  if (op.requestBody || ['post', 'put', 'patch'].includes(method)) statuses.push(413, 415);
  return statuses;
}

/** Adds the Error schema, one response component per refusal, and the platform's refusals to every operation (in place). */
export function documentPlatformResponses(app: INestApplication, document: OpenAPIObject): OpenAPIObject {
  const access = accessByOperationId(app);
  const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
  // one component per refusal, referenced by every operation that can answer it (not repeated inline)
  const refusals = Object.fromEntries(
    Object.entries(STATUS_TEXT).map(([status, description]) => [
      `Refusal${status}`,
      { description, content: errorContent },
    ]),
  );
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Error: ERROR_SCHEMA as never },
    responses: { ...document.components?.responses, ...refusals },
  };
  for (const item of Object.values(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(method) || !value) continue;
      const op = value as Operation;
      const opAccess = access.get(op.operationId ?? '') ?? 'token';
      if (opAccess === 'token' && !op.security) op.security = [{ bearer: [] }];
      op.responses ??= {};
      for (const status of platformStatuses(method, op, opAccess))
        op.responses[String(status)] ??= { $ref: `#/components/responses/Refusal${status}` };
      for (const [status, response] of Object.entries(op.responses) as [
        string,
        { content?: unknown; $ref?: string },
      ][]) {
        if (Number(status) >= 400 && !response.$ref) response.content ??= errorContent;
      }
    }
  }
  addReferencedSchemas(document);
  return document;
}

/** The named schemas (`.meta({ id })`) this document's operations reference, and those they reference in turn. */
function addReferencedSchemas(document: OpenAPIObject): void {
  const schemas = (document.components!.schemas ??= {});
  const pending = [document.paths as unknown];
  while (pending.length) {
    const text = JSON.stringify(pending.pop());
    for (const [, id] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      if (schemas[id] || !SCHEMA_COMPONENTS.has(id)) continue;
      schemas[id] = SCHEMA_COMPONENTS.get(id)!;
      pending.push(schemas[id]);
    }
  }
}
