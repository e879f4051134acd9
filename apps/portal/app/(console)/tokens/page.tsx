import type { Metadata } from 'next';
import { TokensView } from '@/components/tokens-view';

export const metadata: Metadata = { title: 'Personal access tokens · Tollgate' };

export default function TokensPage() {
  return <TokensView />;
}
