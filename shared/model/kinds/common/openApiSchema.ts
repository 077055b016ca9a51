import { z } from 'zod';

/**
 * The JSONSchemaProps subset a ClusterClass variable may declare (clusterv1beta1.JSONSchemaProps,
 * closed). Capstan evaluates type, properties, items, required, enum, minimum/maximum (and the
 * exclusive forms), min/maxLength, min/maxItems, uniqueItems, pattern and default; `format` is
 * accepted and not enforced. Combinators and CEL rules are accepted by the shape so their use is
 * reported by name (compile/topology/variableSchema.ts) rather than as unknown fields.
 */
export interface OpenApiSchema {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  format?: string;
  description?: string;
  example?: unknown;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  pattern?: string;
  required?: string[];
  nullable?: boolean;
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema | boolean;
  allOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  not?: OpenApiSchema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-validations'?: Array<Record<string, unknown>>;
  'x-metadata'?: Record<string, unknown>;
}

export const openApiSchema: z.ZodType<OpenApiSchema> = z.lazy(() =>
  z
    .object({
      type: z.enum(['string', 'integer', 'number', 'boolean', 'object', 'array']).optional(),
      format: z.string().optional(),
      description: z.string().optional(),
      example: z.unknown().optional(),
      default: z.unknown().optional(),
      enum: z.array(z.unknown()).optional(),
      minimum: z.number().optional(),
      maximum: z.number().optional(),
      exclusiveMinimum: z.boolean().optional(),
      exclusiveMaximum: z.boolean().optional(),
      multipleOf: z.number().optional(),
      minLength: z.number().int().optional(),
      maxLength: z.number().int().optional(),
      minItems: z.number().int().optional(),
      maxItems: z.number().int().optional(),
      uniqueItems: z.boolean().optional(),
      minProperties: z.number().int().optional(),
      maxProperties: z.number().int().optional(),
      pattern: z.string().optional(),
      required: z.array(z.string()).optional(),
      nullable: z.boolean().optional(),
      properties: z.record(z.string(), openApiSchema).optional(),
      items: openApiSchema.optional(),
      additionalProperties: z.union([openApiSchema, z.boolean()]).optional(),
      allOf: z.array(openApiSchema).optional(),
      anyOf: z.array(openApiSchema).optional(),
      oneOf: z.array(openApiSchema).optional(),
      not: openApiSchema.optional(),
      'x-kubernetes-preserve-unknown-fields': z.boolean().optional(),
      'x-kubernetes-int-or-string': z.boolean().optional(),
      'x-kubernetes-validations': z.array(z.record(z.string(), z.unknown())).optional(),
      'x-metadata': z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
);
