export type PortalPage =
  | 'login'
  | 'signup'
  | 'forgot-password'
  | 'reset-password'
  | 'dashboard'
  | 'plans'
  | 'keys'
  | 'usage';

/** The portal's own pages live under `/portal/<tenant slug>/`. */
export function portalHref(slug: string, page: PortalPage): string {
  return `/portal/${encodeURIComponent(slug)}/${page}`;
}
