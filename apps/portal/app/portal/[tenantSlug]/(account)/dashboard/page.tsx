import type { Metadata } from 'next';
import { DashboardView } from '@/components/portal/dashboard-view';

export const metadata: Metadata = { title: 'Dashboard · Developer portal' };

export default function PortalDashboardPage() {
  return <DashboardView />;
}
