import { z } from 'zod';
import type { DocumentedRoute, ResponseDoc, RouteCatalogue } from '../http/documented-router';
import { SESSION_COOKIE } from '../settings';
import { componentSchemas } from './components';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;

function schemaOf(schema: ResponseDoc['schema']): Record<string, unknown> | undefined {
  if (schema === undefined) return undefined;
  if (typeof schema === 'string') return { $ref: `#/components/schemas/${schema}` };
  if (schema instanceof z.ZodType) return jsonSchema(schema, 'output');
  return schema;
}

function content(types: string | string[], schema: Record<string, unknown> | undefined) {
  const list = Array.isArray(types) ? types : [types];
  return Object.fromEntries(list.map((type) => [type, schema ? { schema } : {}]));
}

function parameters(route: DocumentedRoute): unknown[] {
  const out: unknown[] = [];
  const add = (where: 'path' | 'query', schema: z.ZodType | undefined) => {
    if (!(schema instanceof z.ZodObject)) return;
    for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      out.push({
        name,
        in: where,
        required: where === 'path' || !field.safeParse(undefined).success,
        schema: jsonSchema(field, 'input'),
      });
    }
  };
  add('path', route.params);
  add('query', route.query);
  return out;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
});

function operation(route: DocumentedRoute) {
  const session = route.session ?? true;
  const responses: Record<string, unknown> = {};
  for (const [status, doc] of Object.entries(route.responses)) {
    responses[status] =
      Number(status) >= 400
        ? errorResponse(doc.description)
        : {
            description: doc.description,
            ...(doc.schema || doc.contentType
              ? { content: content(doc.contentType ?? 'application/json', schemaOf(doc.schema)) }
              : {}),
          };
  }
  if (route.params || route.query || route.body)
    responses['400'] ??= errorResponse('invalid input (VW_ERR_INPUT_INVALID)');
  if (session) {
    responses['401'] ??= errorResponse('not logged in (VW_ERR_AUTH_REQUIRED)');
    responses['403'] ??= errorResponse(
      route.permission
        ? `needs ${route.permission} (VW_ERR_FORBIDDEN), or a one-time password must be changed first`
        : 'a one-time password must be changed first (VW_ERR_PASSWORD_CHANGE_REQUIRED)',
    );
  }
  responses['500'] ??= errorResponse('a bug (VW_ERR_INTERNAL, with a request id in details)');
  return {
    tags: [route.tag],
    summary: route.summary,
    ...(route.description || route.permission
      ? {
          description: [route.description, route.permission ? `Roles: ${route.permission}.` : '']
            .filter(Boolean)
            .join(' '),
        }
      : {}),
    operationId: `${route.method}${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c?: string) => (c ? c.toUpperCase() : ''))}`,
    security: session ? [{ sessionCookie: [] }] : [],
    parameters: parameters(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            ...(route.body.description ? { description: route.body.description } : {}),
            content: content(
              route.body.contentType,
              route.body.schema ? jsonSchema(route.body.schema, 'input') : undefined,
            ),
          },
        }
      : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of the REST API, built from the route catalogue the routers fill in as they
 * register their routes (so every route is in it) and from the same zod schemas that validate the input.
 */
export function buildOpenApiDocument(catalogue: RouteCatalogue, version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of [...catalogue].sort((a, b) => a.path.localeCompare(b.path))) {
    paths[route.path] ??= {};
    paths[route.path]![route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'VesselWatch API',
      version,
      description:
        'Fishing-vessel monitoring: registry, live positions, tracks, alerts, zones, evidence. JSON everywhere; ' +
        'errors are { error: { code, message, details } } with codes from docs/errors.md. Coordinates are [lon, lat] ' +
        '(GeoJSON order), times epoch milliseconds. Live updates: socket.io on /socket.io (see docs/api.md).',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'set by POST /api/auth/login',
        },
      },
      schemas: componentSchemas(),
    },
    paths,
  };
}
