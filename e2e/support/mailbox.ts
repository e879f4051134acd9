import { expect } from '@playwright/test';
import type { DemoStack } from './stack-env.js';

interface SinkMessage {
  to: string[];
  subject: string;
  text: string;
}

/** The first link to `path` in a mail the stack's sink received for `email` (waits for it). */
export async function mailedLink(stack: DemoStack, email: string, path: string): Promise<string> {
  const pattern = new RegExp(`https?://\\S+${path}\\?token=\\S+`);
  let link = '';
  await expect
    .poll(
      async () => {
        const inbox = (await (await fetch(stack.mailUrl)).json()) as { data: SinkMessage[] };
        const mail = inbox.data.find((message) => message.to.includes(email) && pattern.test(message.text));
        link = mail ? (pattern.exec(mail.text)?.[0] ?? '') : '';
        return link;
      },
      { message: `a mail to ${email} with a ${path} link` },
    )
    .not.toBe('');
  return link;
}
