import { RequestMethod } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { ModulesContainer } from '@nestjs/core';
import type { z } from 'zod';
import { type DeclaredResponse, returnsKey } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';

/** A zod-validated input of a handler: `@Body(new ZodPipe(s))`, `@Query(...)`, `@Param('name', ...)`. */
export interface RouteInput {
  in: 'body' | 'query' | 'path';
  /** The `@Param('name')`/`@Query('name')` argument; undefined for the whole body or query. */
  name: string | undefined;
  schema: z.ZodType;
}

export interface ControllerRoute {
  /** The Nest module class that declares the controller (e.g. `KeysModule`). */
  moduleName: string;
  controller: new (...args: never[]) => unknown;
  handlerName: string;
  handler: (...args: unknown[]) => unknown;
  method: string;
  /** Fastify's pattern, e.g. `/v1/tenants/:tenantId/keys/:keyId/revoke`. */
  url: string;
  /** From `@HttpCode`, else Nest's default (201 for POST, 200 otherwise). */
  successStatus: number;
  inputs: RouteInput[];
  /** From `@Returns`; undefined when the handler declares none (a test refuses that). */
  response: DeclaredResponse | undefined;
}

interface RouteArg {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

const inputKinds = new Map<number, RouteInput['in']>([
  [RouteParamtypes.BODY, 'body'],
  [RouteParamtypes.QUERY, 'query'],
  [RouteParamtypes.PARAM, 'path'],
]);

/**
 * Every handler of every controller in the app, read from Nest's decorator metadata, with the zod
 * schemas of its `ZodPipe` arguments (Nest keeps the pipe instances in `ROUTE_ARGS_METADATA`) and
 * the answer its `@Returns` declares.
 */
export function controllerRoutes(modules: ModulesContainer): ControllerRoute[] {
  const routes: ControllerRoute[] = [];
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as ControllerRoute['controller'] | null;
      if (!controller) continue;
      const bases = pathsOf(Reflect.getMetadata(PATH_METADATA, controller));
      for (const handlerName of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[handlerName];
        if (handlerName === 'constructor' || typeof handler !== 'function') continue;
        const methodCode = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (methodCode === undefined) continue;
        const method = RequestMethod[methodCode];
        const code = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
        const inputs = inputsOf(controller, handlerName);
        const response = Reflect.getMetadata(returnsKey, handler) as DeclaredResponse | undefined;
        for (const base of bases) {
          for (const path of pathsOf(Reflect.getMetadata(PATH_METADATA, handler))) {
            routes.push({
              moduleName: module.metatype.name,
              controller,
              handlerName,
              handler: handler as ControllerRoute['handler'],
              method,
              url: joinUrl(base, path),
              successStatus: code ?? (method === 'POST' ? 201 : 200),
              inputs,
              response,
            });
          }
        }
      }
    }
  }
  return routes;
}

function inputsOf(controller: ControllerRoute['controller'], handlerName: string): RouteInput[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handlerName) ?? {}) as Record<
    string,
    RouteArg
  >;
  const inputs: RouteInput[] = [];
  for (const [key, arg] of Object.entries(args)) {
    const kind = inputKinds.get(Number(key.split(':', 1)[0]));
    const pipe = arg.pipes?.find((p): p is ZodPipe<z.ZodType> => p instanceof ZodPipe);
    if (!kind || !pipe) continue;
    inputs.push({ in: kind, name: typeof arg.data === 'string' ? arg.data : undefined, schema: pipe.schema });
  }
  return inputs;
}

function joinUrl(base: string, path: string): string {
  return `/${[base, path].join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

function pathsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [typeof value === 'string' ? value : ''];
}
