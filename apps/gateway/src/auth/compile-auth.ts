import type { AuthMode, ConfigSnapshot, JwtSettings, OAuth2Settings } from '@tollgate/contracts';

/** A snapshot's auth settings as the hot path reads them: the mode of every route, worked out once. */
export interface CompiledAuth {
  tenantId: string;
  /** Route id → mode, only for routes not in `key` mode (usually empty: then every route is `key`). */
  modeByRoute: ReadonlyMap<string, AuthMode>;
  jwt: JwtSettings | null;
  oauth2: OAuth2Settings | null;
}

export function compileAuth(snapshot: ConfigSnapshot): CompiledAuth {
  const modeByRoute = new Map<string, AuthMode>();
  for (const api of snapshot.apis) {
    const apiMode = api.policies.auth?.mode ?? 'key';
    for (const route of api.routes) {
      const mode = route.policies.auth?.mode ?? apiMode;
      if (mode !== 'key') modeByRoute.set(route.id, mode);
    }
  }
  const providers = snapshot.policies.auth;
  return {
    tenantId: snapshot.tenantId,
    modeByRoute,
    jwt: providers?.jwt ?? null,
    oauth2: providers?.oauth2 ?? null,
  };
}

/** The mode of a route: a map lookup only when the tenant uses something other than keys. */
export function authModeOf(auth: CompiledAuth, routeId: string): AuthMode {
  return auth.modeByRoute.size === 0 ? 'key' : (auth.modeByRoute.get(routeId) ?? 'key');
}
