import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Env } from '../env.js';
import { ENV } from './tokens.js';

/** The parsed environment, injectable as `@Inject(ENV)`. */
@Global()
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class EnvModule {
  static forRoot(env: Env): DynamicModule {
    return { module: EnvModule, providers: [{ provide: ENV, useValue: env }], exports: [ENV] };
  }
}
