import { Controller, Get, SetMetadata } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { z } from 'zod';
import { Returns } from '../../common/returns.js';
import { controllerRoutes } from './controller-routes.js';
import { buildOpenApiDocument, publicRouteKey } from './openapi.document.js';

/** An OpenAPI 3.1 document (its own schema is the OpenAPI specification's). */
const openApiDocumentSchema = z
  .looseObject({
    openapi: z.literal('3.1.0'),
    info: z.looseObject({}),
    paths: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'OpenApiDocument' });

/** The API's own description, generated from the controllers and their zod schemas; no sign-in needed. */
@Controller('v1')
export class OpenApiController {
  private document: Record<string, unknown> | undefined;

  constructor(private readonly modules: ModulesContainer) {}

  @Get('openapi.json')
  @Returns(openApiDocumentSchema)
  @SetMetadata(publicRouteKey, true)
  openapi(): Record<string, unknown> {
    // Routes are fixed once the app is up, so the document is built on first call and kept.
    this.document ??= buildOpenApiDocument(controllerRoutes(this.modules));
    return this.document;
  }
}
