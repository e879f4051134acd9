/** What global setup hands the journeys (through the environment): the running demo. */
export interface DemoStack {
  gatewayUrl: string;
  controlPlaneUrl: string;
  portalUrl: string;
  upstreamUrl: string;
  /** The mail sink's inbox: GET answers `{ data: [...] }`, every message received, newest first. */
  mailUrl: string;
  tenant: string;
  apiBasePath: string;
  key: string;
  providerEmail: string;
  providerPassword: string;
}

export const demoStackEnvName = 'TOLLGATE_E2E_DEMO';

export function demoStack(): DemoStack {
  const raw = process.env[demoStackEnvName];
  if (!raw)
    throw new Error('the e2e stack is not running: run the journeys with `npx playwright test` in e2e/');
  return JSON.parse(raw) as DemoStack;
}
