import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { type Command, type Connection, UsageError } from './args.js';
import { ControlPlaneClient, resolveTenant } from './client.js';
import { type ConfigPlan, formatPlan } from './print-plan.js';
import { fromYaml, tenantOf, toYaml } from './yaml-document.js';

interface Io {
  out: (text: string) => void;
  /** Asks a yes/no question; false when nobody can answer (no terminal). */
  confirm: (question: string) => Promise<boolean>;
}

const configPath = (tenantId: string, action: string) =>
  `/v1/tenants/${encodeURIComponent(tenantId)}/config/${action}`;

async function readDocument(file: string, tenant: string | undefined, client: ControlPlaneClient) {
  const document = fromYaml(await readFile(file, 'utf8'), file);
  const named = tenant ?? tenantOf(document);
  if (named === undefined) throw new UsageError(`${file} names no tenant (metadata.tenant): pass --tenant`);
  return { document, tenantId: await resolveTenant(client, named) };
}

/** Runs one command; resolves to the exit code. */
export async function run(
  command: Exclude<Command, { name: 'help' }>,
  connection: Connection,
  io: Io,
): Promise<number> {
  const client = new ControlPlaneClient(connection);
  switch (command.name) {
    case 'export': {
      const tenantId = await resolveTenant(client, command.tenant);
      const { data } = await client.get<{ data: unknown }>(configPath(tenantId, 'export'));
      const text = toYaml(data);
      if (command.output === undefined) io.out(text.replace(/\n$/, ''));
      else {
        await writeFile(command.output, text);
        io.out(`Wrote ${command.output}`);
      }
      return 0;
    }
    case 'plan': {
      const { document, tenantId } = await readDocument(command.file, command.tenant, client);
      const { data } = await client.post<{ data: ConfigPlan }>(configPath(tenantId, 'plan'), { document });
      io.out(formatPlan(data));
      return 0;
    }
    case 'apply': {
      const { document, tenantId } = await readDocument(command.file, command.tenant, client);
      const { data: plan } = await client.post<{ data: ConfigPlan }>(configPath(tenantId, 'plan'), {
        document,
      });
      io.out(formatPlan(plan));
      if (plan.changes.length === 0) return 0;
      if (plan.release?.publishable === false) return 1;
      if (!command.yes && !(await io.confirm('\nApply these changes as one release? Type "yes": '))) {
        io.out('Not applied (run with --yes to apply without asking).');
        return 1;
      }
      const { data } = await client.post<{ data: { release: { version: number } | null } }>(
        configPath(tenantId, 'apply'),
        {
          document,
          reason: command.reason ?? `tollgate apply ${command.file}`,
          // Refused (409 live_version_changed) if someone published since the plan shown above.
          expectedLiveVersion: plan.liveVersion,
        },
      );
      io.out(data.release ? `\nApplied: release version ${data.release.version} is live.` : '\nNo changes.');
      return 0;
    }
  }
}

/** Asks on the terminal; without one (CI, a pipe) nobody can say yes. */
export async function confirmOnTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await prompt.question(question)).trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}
