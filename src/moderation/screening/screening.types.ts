export type ScreeningRule = 'profanity' | 'slur' | 'hate' | 'personal-attack' | 'watched-word';

export type Severity = 'low' | 'medium' | 'high';

export type WatchedWordAction = 'block' | 'censor' | 'require-approval' | 'flag';

export interface ScreeningHit {
  rule: ScreeningRule;
  /** The listed term, trope id or watched pattern that matched. */
  term: string;
  /** The original text of the span, exactly as the member typed it. */
  evidence: string;
  start: number;
  end: number;
  severity: Severity;
  /** Data-file category: 'ethnic', 'dehumanising', 'conspiracy', 'insult' ... */
  category?: string;
  watchedWordId?: number;
  action?: WatchedWordAction;
}

export interface WatchedWord {
  id: number;
  pattern: string;
  action: WatchedWordAction;
  replacement?: string | null;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { low: 1, medium: 2, high: 3 };

export function isSeverity(value: unknown): value is Severity {
  return value === 'low' || value === 'medium' || value === 'high';
}
