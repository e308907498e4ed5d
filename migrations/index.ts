// Every migration, in order. Listed explicitly so the app, the CLI and tests load the same set
// without globbing compiled paths.
import { Accounts1764291600000 } from './1764291600000-Accounts.js';
import { ForumCore1764291700000 } from './1764291700000-ForumCore.js';

export const migrations = [Accounts1764291600000, ForumCore1764291700000];
