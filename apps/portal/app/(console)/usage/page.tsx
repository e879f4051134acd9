import type { Metadata } from 'next';
import { UsageView } from '@/components/usage-view';

export const metadata: Metadata = { title: 'Usage · Tollgate' };

export default function UsagePage() {
  return <UsageView />;
}
