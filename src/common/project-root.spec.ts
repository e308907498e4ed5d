import { existsSync } from 'node:fs';
import { fromRoot } from './project-root.js';

describe('project root', () => {
  it('finds the seed data from the source tree', () => {
    expect(existsSync(fromRoot('src', 'import', 'seed', 'original-thread.txt'))).toBe(true);
  });
});
