import type { AuthMode } from '@tollgate/contracts';
import type { FieldError } from '../../../common/validation.js';

/** A `jwt` or `oauth2` auth mode needs the tenant's provider of that kind (`/identity-providers`). */
export function authModeProblems(
  path: string,
  mode: AuthMode | undefined,
  providers: { jwt: boolean; oauth2: boolean },
): FieldError[] {
  if (mode === 'jwt' && !providers.jwt)
    return [
      { path, message: 'Set the tenant JWT provider (PATCH …/identity-providers) before using jwt mode' },
    ];
  if (mode === 'oauth2' && !providers.oauth2)
    return [
      {
        path,
        message: 'Set the tenant OAuth2 provider (PATCH …/identity-providers) before using oauth2 mode',
      },
    ];
  return [];
}
