import type { Metadata } from 'next';
import { ReleasesView } from '@/components/releases-view';

export const metadata: Metadata = { title: 'Releases · Tollgate' };

export default function ReleasesPage() {
  return <ReleasesView />;
}
