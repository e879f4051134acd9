import { Controller, Get, SetMetadata } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { controllerRoutes } from './controller-routes.js';
import { buildOpenApiDocument, publicRouteKey } from './openapi.document.js';

/** The API's own description, generated from the controllers and their zod schemas; no sign-in needed. */
@Controller('v1')
export class OpenApiController {
  private document: Record<string, unknown> | undefined;

  constructor(private readonly modules: ModulesContainer) {}

  @Get('openapi.json')
  @SetMetadata(publicRouteKey, true)
  openapi(): Record<string, unknown> {
    // Routes are fixed once the app is up, so the document is built on first call and kept.
    this.document ??= buildOpenApiDocument(controllerRoutes(this.modules));
    return this.document;
  }
}
