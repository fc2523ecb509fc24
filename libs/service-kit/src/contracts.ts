import { Body, type PipeTransform, Query } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';
import { parseBody } from './validation';

/**
 * Contracts once: one zod schema validates a request, types the handler's argument and is the operation's
 * schema in the OpenAPI document (zod 4's JSON Schema output, OpenAPI 3.0 dialect, the input side of any
 * transform). `@ZodBody(schema) body: z.output<typeof schema>` replaces `@Body() body: unknown` plus a
 * `parseBody` call in the handler.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<string, unknown>;
  // a schema named with `.meta({ id: 'Household' })` becomes a component, referenced wherever it appears
  const { definitions, ...root } = JSON.parse(
    JSON.stringify(json).replaceAll('"#/definitions/', '"#/components/schemas/'),
  ) as Record<string, unknown> & { definitions?: Record<string, SchemaObject> };
  for (const [id, definition] of Object.entries(definitions ?? {})) SCHEMA_COMPONENTS.set(id, definition);
  return root as SchemaObject;
}

/** Named schemas met so far; the document takes those its operations reference (see documentPlatformResponses). */
export const SCHEMA_COMPONENTS = new Map<string, SchemaObject>();

export interface ResponseContract {
  status: number;
  schema: z.ZodType;
}

/** Where ZodResponse keeps a handler's response schemas, for the contract check (ResponseContractInterceptor). */
export const RESPONSE_CONTRACTS = Symbol('fupin:response-contracts');

/**
 * A success response of the operation: documented with `schema` (its output side, as JSON) and, when the service
 * runs with RESPONSE_CONTRACT_CHECK (every test does), checked on the way out so the document cannot drift from what
 * the handler answers. One decorator per success status (e.g. 201 created and 200 replayed).
 */
export function ZodResponse(
  schema: z.ZodType,
  options: {
    status?: number;
    description: string;
    /** The same answer in other media types (e.g. `text/csv` of a report): documented beside the JSON. */
    alsoAs?: Record<string, { schema: object }>;
  },
): MethodDecorator {
  const status = options.status ?? 200;
  const json = openApiSchema(schema, 'output');
  return (target, key, descriptor) => {
    const content = { 'application/json': { schema: json }, ...options.alsoAs };
    ApiResponse({ status, description: options.description, content })(target, key, descriptor);
    const handler = descriptor.value as object;
    const contracts = (Reflect.getMetadata(RESPONSE_CONTRACTS, handler) as ResponseContract[] | undefined) ?? [];
    Reflect.defineMetadata(RESPONSE_CONTRACTS, [...contracts, { status, schema }], handler);
  };
}

class ZodPipe implements PipeTransform {
  constructor(
    private readonly schema: z.ZodType,
    private readonly field?: string,
  ) {}

  transform(value: unknown): unknown {
    return parseBody(this.schema, value, this.field);
  }
}

function methodDescriptor(target: object, key: string | symbol | undefined): [string | symbol, PropertyDescriptor] {
  if (key === undefined)
    throw new Error('@ZodBody/@ZodQuery decorate a handler parameter, not a constructor parameter');
  return [key, Object.getOwnPropertyDescriptor(target, key)!];
}

/** The request body, validated by `schema` (400 naming the field), documented with it. */
export function ZodBody(schema: z.ZodType, options: { description?: string } = {}): ParameterDecorator {
  const json = openApiSchema(schema);
  return (target, key, index) => {
    Body(new ZodPipe(schema))(target, key!, index);
    const [name, descriptor] = methodDescriptor(target, key);
    ApiBody({ schema: json, required: true, ...options })(target, name, descriptor);
  };
}

/** The query string as an object, validated by an object `schema`; each property documented as a query parameter. */
export function ZodQuery(schema: z.ZodObject): ParameterDecorator {
  const json = openApiSchema(schema) as SchemaObject & {
    properties?: Record<string, SchemaObject>;
    required?: string[];
  };
  return (target, key, index) => {
    Query(new ZodPipe(schema))(target, key!, index);
    const [name, descriptor] = methodDescriptor(target, key);
    for (const [param, property] of Object.entries(json.properties ?? {})) {
      ApiQuery({
        name: param,
        required: json.required?.includes(param) ?? false,
        schema: property,
        description: property.description,
      })(target, name, descriptor);
    }
  };
}
