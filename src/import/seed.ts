import { readFileSync } from 'node:fs';
import { fromRoot } from '../common/project-root.js';

/** The original thread shipped with the project, and where it goes. */
export const SEED = {
  file: fromRoot('src', 'import', 'seed', 'original-thread.txt'),
  forumSlug: 'world-affairs',
  forumTitle: 'World Affairs',
};

export const readSeed = (): Buffer => readFileSync(SEED.file);
