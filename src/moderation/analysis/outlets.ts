import { readFileSync } from 'node:fs';
import { fromRoot } from '../../common/project-root.js';

export interface Outlet {
  name: string;
  aliases: string[];
  domains: string[];
  /** false for names that are also ordinary phrases: then only their domains count */
  nameInProse?: boolean;
}

/** The outlet data compiled for matching; build it once with loadOutlets() or compileOutlets(). */
export interface OutletList {
  readonly outlets: readonly Outlet[];
  readonly byName: ReadonlyMap<string, Outlet>;
  readonly byDomain: ReadonlyMap<string, Outlet>;
  /** labels in the longest listed domain ("en.people.cn": 3) */
  readonly domainLabelsMax: number;
  /** every name and alias as one alternation, longest first */
  readonly namePattern: RegExp | null;
}

export interface OutletMention {
  outlet: Outlet;
  /** the text as written, e.g. "Xinhua news agency" matched by its alias */
  text: string;
  offset: number;
}

let loaded: OutletList | null = null;

/** Reads src/moderation/analysis/outlets.json once per process. */
export function loadOutlets(): OutletList {
  if (loaded) return loaded;
  const path = fromRoot('src', 'moderation', 'analysis', 'outlets.json');
  const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
  loaded = compileOutlets(readOutletData(data, path));
  return loaded;
}

export function compileOutlets(outlets: readonly Outlet[]): OutletList {
  const byName = new Map<string, Outlet>();
  const byDomain = new Map<string, Outlet>();
  for (const outlet of outlets) {
    if (outlet.nameInProse !== false) {
      for (const name of [outlet.name, ...outlet.aliases]) {
        byName.set(foldApostrophes(name), outlet);
      }
    }
    for (const domain of outlet.domains) byDomain.set(domain.toLowerCase(), outlet);
  }
  const names = [...byName.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  // Letters, digits and hyphens must not touch a name: "RT" is not in "RTS" nor "ART", "TASS" is in "/TASS/".
  const namePattern =
    names.length > 0
      ? new RegExp(`(?<![\\p{L}\\p{N}-])(?:${names.join('|')})(?![\\p{L}\\p{N}])`, 'gu')
      : null;
  const domainLabelsMax = Math.max(
    2,
    ...[...byDomain.keys()].map((domain) => domain.split('.').length),
  );
  return { outlets, byName, byDomain, domainLabelsMax, namePattern };
}

/** Outlets named in prose, in order of appearance. */
export function findOutletMentions(text: string, list: OutletList): OutletMention[] {
  if (!list.namePattern) return [];
  const folded = foldApostrophes(text);
  const mentions: OutletMention[] = [];
  for (const match of folded.matchAll(list.namePattern)) {
    const outlet = list.byName.get(match[0]);
    if (outlet) {
      mentions.push({
        outlet,
        text: text.slice(match.index, match.index + match[0].length),
        offset: match.index,
      });
    }
  }
  return mentions;
}

/** The outlet a host belongs to: the host itself or any parent domain listed ("en.people.cn" -> "people.cn"). */
export function outletForHost(host: string, list: OutletList): Outlet | null {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  // labels beyond the longest listed domain are subdomains: skip them, whatever the host's length
  for (
    let first = Math.max(0, labels.length - list.domainLabelsMax);
    first < labels.length - 1;
    first++
  ) {
    const outlet = list.byDomain.get(labels.slice(first).join('.'));
    if (outlet) return outlet;
  }
  return null;
}

export function outletByName(name: string, list: OutletList): Outlet | null {
  return list.byName.get(foldApostrophes(name)) ?? null;
}

// Same length replacement, so offsets found in the folded text hold in the original.
function foldApostrophes(text: string): string {
  return text.replace(/[’‘`]/g, "'");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function readOutletData(data: unknown, path: string): Outlet[] {
  const outlets = (data as { outlets?: unknown }).outlets;
  if (!Array.isArray(outlets)) throw new Error(`${path}: expected {"outlets": [...]}`);
  return outlets.map((entry: unknown, index) => {
    const item = entry as Partial<Outlet>;
    const strings = (value: unknown): value is string[] =>
      Array.isArray(value) &&
      value.every((element) => typeof element === 'string' && element !== '');
    if (
      typeof item.name !== 'string' ||
      item.name === '' ||
      !strings(item.aliases) ||
      !strings(item.domains)
    ) {
      throw new Error(`${path}: outlet #${index} needs a name, aliases[] and domains[]`);
    }
    return {
      name: item.name,
      aliases: item.aliases,
      domains: item.domains,
      nameInProse: item.nameInProse !== false,
    };
  });
}
