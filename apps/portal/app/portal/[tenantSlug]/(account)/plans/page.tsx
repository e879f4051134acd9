import type { Metadata } from 'next';
import { PlansView } from '@/components/portal/plans-view';

export const metadata: Metadata = { title: 'Plans · Developer portal' };

export default function PortalPlansPage() {
  return <PlansView />;
}
