import { parse, stringify } from 'yaml';

/**
 * The config document as YAML. The server answers it in a fixed order (keys sorted where order
 * means nothing), so writing it as given keeps `export` byte-for-byte stable and git diffs small.
 */
export function toYaml(document: unknown): string {
  return stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
}

export function fromYaml(text: string, file: string): unknown {
  try {
    return parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    throw new Error(`${file} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The tenant a document was exported from (`metadata.tenant`), if it names one. */
export function tenantOf(document: unknown): string | undefined {
  const metadata = (document as { metadata?: { tenant?: unknown } } | null)?.metadata;
  return typeof metadata?.tenant === 'string' ? metadata.tenant : undefined;
}
