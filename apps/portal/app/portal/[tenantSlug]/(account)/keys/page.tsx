import type { Metadata } from 'next';
import { PortalKeysView } from '@/components/portal/portal-keys-view';

export const metadata: Metadata = { title: 'API keys · Developer portal' };

export default function PortalKeysPage() {
  return <PortalKeysView />;
}
