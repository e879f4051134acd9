export type PortalPage = 'login' | 'signup' | 'dashboard' | 'keys' | 'usage';

/** The portal's own pages live under `/portal/<tenant slug>/`. */
export function portalHref(slug: string, page: PortalPage): string {
  return `/portal/${encodeURIComponent(slug)}/${page}`;
}
