import type { ReactNode } from 'react';
import { OpenFormButton, PageSection } from './page-section';

/** The keys page of the console and of the developer portal: "API keys" and its "Create key" button. */
export function KeysPage({
  creating,
  onCreate,
  children,
}: {
  /** While the create form is open, its button is hidden. */
  creating: boolean;
  onCreate: () => void;
  children: ReactNode;
}) {
  return (
    <PageSection
      id="keys-title"
      title="API keys"
      actions={
        <OpenFormButton open={creating} onOpen={onCreate}>
          Create key
        </OpenFormButton>
      }
    >
      {children}
    </PageSection>
  );
}
