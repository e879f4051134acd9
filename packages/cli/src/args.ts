import { parseArgs } from 'node:util';

export const usage = `Usage: tollgate <command> [options]

Keep a tenant's gateway config (APIs, routes, upstream targets, plans) in a YAML file.

Commands:
  export --tenant <id|slug> [-o file.yaml]   Write the tenant's config (stdout without -o)
  plan   -f file.yaml [--tenant <id|slug>]    Show what applying the file would change
  apply  -f file.yaml [--tenant <id|slug>] [--reason "..."] [--yes]
                                              Show the plan, then apply it as one release

Options:
  --url <url>      Control plane URL (default: $TOLLGATE_URL, else http://localhost:3001)
  --token <tgp_…>  Personal access token (default: $TOLLGATE_TOKEN)
  --tenant <t>     Tenant id or slug (plan/apply default: the file's metadata.tenant)
  -f, --file       The config file to plan or apply
  -o, --output     Where export writes (default: stdout)
  --reason <text>  Why, recorded with the release (default: "tollgate apply <file>")
  -y, --yes        Apply without asking
  -h, --help       This help

Exit codes: 0 done (or nothing to change), 1 error (the problem's code is printed), 2 usage error.`;

/** A mistake in how the command was called: exit code 2, with the usage. */
export class UsageError extends Error {}

export type Command =
  | { name: 'help' }
  | { name: 'export'; tenant: string; output: string | undefined }
  | { name: 'plan'; file: string; tenant: string | undefined }
  | { name: 'apply'; file: string; tenant: string | undefined; reason: string | undefined; yes: boolean };

export interface Connection {
  url: string;
  token: string;
}

export interface Invocation {
  command: Command;
  connection: Connection;
}

const options = {
  url: { type: 'string' },
  token: { type: 'string' },
  tenant: { type: 'string' },
  file: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  reason: { type: 'string' },
  yes: { type: 'boolean', short: 'y', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const defaultUrl = 'http://localhost:3001';

/** The command line and environment, checked: a `UsageError` for anything missing or unknown. */
export function parseInvocation(argv: string[], env: NodeJS.ProcessEnv): Invocation {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [name, ...extra] = positionals;
  const connection = { url: (values.url ?? env.TOLLGATE_URL ?? defaultUrl).replace(/\/+$/, ''), token: '' };
  if (values.help || name === undefined || name === 'help') return { command: { name: 'help' }, connection };
  if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra.join(' ')}`);
  connection.token = values.token ?? env.TOLLGATE_TOKEN ?? '';
  if (connection.token === '') throw new UsageError('No access token: set TOLLGATE_TOKEN or pass --token');
  const file = () => {
    if (!values.file) throw new UsageError(`${name} needs -f <file.yaml>`);
    return values.file;
  };
  switch (name) {
    case 'export':
      if (!values.tenant) throw new UsageError('export needs --tenant <id|slug>');
      return { command: { name, tenant: values.tenant, output: values.output }, connection };
    case 'plan':
      return { command: { name, file: file(), tenant: values.tenant }, connection };
    case 'apply':
      return {
        command: { name, file: file(), tenant: values.tenant, reason: values.reason, yes: values.yes },
        connection,
      };
    default:
      throw new UsageError(`Unknown command: ${name}`);
  }
}
