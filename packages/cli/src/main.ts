#!/usr/bin/env node
import { parseInvocation, UsageError, usage } from './args.js';
import { ProblemError } from './client.js';
import { confirmOnTerminal, run } from './commands.js';

/** `tollgate`: export, plan and apply a tenant's config. Exit 0 done, 1 error, 2 usage error. */
async function main(): Promise<number> {
  try {
    const { command, connection } = parseInvocation(process.argv.slice(2), process.env);
    if (command.name === 'help') {
      console.log(usage);
      return 0;
    }
    return await run(command, connection, { out: (text) => console.log(text), confirm: confirmOnTerminal });
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`tollgate: ${error.message}\n\n${usage}`);
      return 2;
    }
    if (error instanceof ProblemError) {
      console.error(`tollgate: ${error.code}: ${error.message}`);
      for (const field of error.errors) console.error(`  ${field.path || '(document)'}: ${field.message}`);
      for (const problem of error.problems)
        console.error(
          `  ${problem.severity ?? 'error'}: ${problem.message}${problem.path ? ` (${problem.path})` : ''}`,
        );
      return 1;
    }
    console.error(`tollgate: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = await main();
