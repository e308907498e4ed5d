import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

/** ADMIN_USERNAME/ADMIN_PASSWORD create the first admin on a database that has none. */
export async function ensureInitialAdmin(app: INestApplication, config: AppConfig): Promise<void> {
  if (!config.initialAdmin) return;
  const repository = app.get(UsersRepository);
  if ((await repository.countAdmins()) > 0) return;
  const existing = await repository.findByUsername(config.initialAdmin.username);
  if (existing) await repository.setRole(existing.id, 'admin');
  else await app.get(UsersService).create({ ...config.initialAdmin, role: 'admin' });
}
