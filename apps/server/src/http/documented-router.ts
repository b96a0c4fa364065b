import { Router, type RequestHandler } from 'express';
import type { z } from 'zod';

/** What the OpenAPI document says about one response. */
export interface ResponseDoc {
  description: string;
  /** A zod schema, a `#/components/schemas/<Name>` name, or a raw JSON Schema. */
  schema?: z.ZodType | string | Record<string, unknown>;
  /** Default application/json. */
  contentType?: string | string[];
}

/** What the OpenAPI document says about one route; written next to the route itself. */
export interface RouteDoc {
  summary: string;
  description?: string;
  tag: string;
  /** Default true: the route needs the `vw_session` cookie. */
  session?: boolean;
  /** Roles or permission the route needs beyond a session, in words. */
  permission?: string;
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: { schema?: z.ZodType; contentType: string | string[]; description?: string };
  responses: Record<number, ResponseDoc>;
}

export interface DocumentedRoute extends RouteDoc {
  method: 'get' | 'post' | 'put';
  /** OpenAPI path, e.g. /api/vessels/{id}/track. */
  path: string;
}

/** Every route of the API, filled in as the routers are built; the OpenAPI document is made from it. */
export type RouteCatalogue = DocumentedRoute[];

/**
 * An express Router whose routes are registered together with their documentation, so the OpenAPI
 * document covers every route by construction.
 */
export class DocumentedRouter {
  readonly router = Router();

  constructor(
    private readonly catalogue: RouteCatalogue,
    private readonly prefix: string,
  ) {}

  private add(
    method: DocumentedRoute['method'],
    path: string,
    doc: RouteDoc,
    handlers: RequestHandler[],
  ): void {
    const full = `${this.prefix}${path === '/' ? '' : path}`.replace(/:([A-Za-z]+)/g, '{$1}');
    this.catalogue.push({ ...doc, method, path: full });
    this.router[method](path, ...handlers);
  }

  get(path: string, doc: RouteDoc, ...handlers: RequestHandler[]): void {
    this.add('get', path, doc, handlers);
  }

  post(path: string, doc: RouteDoc, ...handlers: RequestHandler[]): void {
    this.add('post', path, doc, handlers);
  }

  put(path: string, doc: RouteDoc, ...handlers: RequestHandler[]): void {
    this.add('put', path, doc, handlers);
  }

  use(...handlers: RequestHandler[]): void {
    this.router.use(...handlers);
  }
}
