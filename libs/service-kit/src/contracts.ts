import { Body, type PipeTransform, Query } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';
import { parseBody } from './validation';

/**
 * Contracts once: one zod schema validates a request, types the handler's argument and is the operation's
 * schema in the OpenAPI document (zod 4's JSON Schema output, OpenAPI 3.0 dialect, the input side of any
 * transform). `@ZodBody(schema) body: z.output<typeof schema>` replaces `@Body() body: unknown` plus a
 * `parseBody` call in the handler.
 */
export function openApiSchema(schema: z.ZodType): SchemaObject {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as SchemaObject;
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
