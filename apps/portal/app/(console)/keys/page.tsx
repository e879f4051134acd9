import type { Metadata } from 'next';
import { KeysView } from '@/components/keys-view';

export const metadata: Metadata = { title: 'API keys · Tollgate' };

export default function KeysPage() {
  return <KeysView />;
}
