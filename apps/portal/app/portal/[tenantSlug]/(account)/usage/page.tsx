import type { Metadata } from 'next';
import { PortalUsageView } from '@/components/portal/portal-usage-view';

export const metadata: Metadata = { title: 'Usage · Developer portal' };

export default function PortalUsagePage() {
  return <PortalUsageView />;
}
