import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Data files (seed, outlet lists, term lists) live in the source tree and are read at run time,
// from src/ under ts-jest and from dist/src/ once built, so find the root by its package.json.
function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'tsconfig.json')) === false) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`project root not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot(import.meta.dirname);

export function fromRoot(...segments: string[]): string {
  return join(projectRoot, ...segments);
}
