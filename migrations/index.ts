// Every migration, in order. Listed explicitly so the app, the CLI and tests load the same set
// without globbing compiled paths.
import { Accounts1764291600000 } from './1764291600000-Accounts.js';
import { ForumCore1764291700000 } from './1764291700000-ForumCore.js';
import { ContentAnalysis1764291800000 } from './1764291800000-ContentAnalysis.js';
import { Notifications1764291900000 } from './1764291900000-Notifications.js';
import { Moderation1764292000000 } from './1764292000000-Moderation.js';
import { PerformanceIndexes1764292100000 } from './1764292100000-PerformanceIndexes.js';

export const migrations = [Accounts1764291600000, ForumCore1764291700000, ContentAnalysis1764291800000, Notifications1764291900000, Moderation1764292000000, PerformanceIndexes1764292100000];
