import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { fail } from '../bootstrap.js';
import { DomainError } from '../common/domain-error.js';
import { type Role, ROLES } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { withAppContext } from './cli-app.js';

const usage = 'usage: npm run user:create -- --username NAME --password PW [--role member|moderator|admin] [--email E]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { username: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', default: 'member' }, email: { type: 'string' } },
  });
  if (!values.username || !values.password) fail(usage);
  if (!ROLES.includes(values.role as Role)) fail(`--role must be one of ${ROLES.join(', ')}`);
  await withAppContext(async (app) => {
    try {
      const user = await app.get(UsersService).create({ username: values.username!, password: values.password!, role: values.role as Role, email: values.email });
      process.stdout.write(`created ${user.role} ${user.username} (id ${user.id})\n`);
    } catch (error) {
      if (error instanceof DomainError) fail(error.message);
      throw error;
    }
  });
}

main().catch(fail);
