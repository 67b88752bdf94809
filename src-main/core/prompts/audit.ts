import type { Lexicon } from './lexicon';
import { canonicalClass, extractNouns } from './nouns';
import { uselessWords } from './useless-words';
import { words } from './words';

/** The audit of one video's answers against its GT sounding classes. */
export interface AnswerAudit {
  nouns: string[];
  /** Distinct GT classes in canonical spelling. */
  gt: string[];
  /** |nouns ∩ GT| / |nouns|; null when A2 names no noun. */
  precision: number | null;
  /** |nouns ∩ GT| / |GT|; null when the video has no GT class. */
  recall: number | null;
  uselessWords: number;
  a1Words: number;
  a2Words: number;
}

export function auditAnswer(a1: string, a2: string, gtClasses: readonly string[], lexicon: Lexicon): AnswerAudit {
  const nouns = extractNouns(a2, lexicon);
  const gt = [...new Set(gtClasses.filter((c) => c && c !== 'background').map((c) => canonicalClass(c, lexicon)))];
  const hits = nouns.filter((n) => gt.includes(n)).length;
  return {
    nouns,
    gt,
    precision: nouns.length ? hits / nouns.length : null,
    recall: gt.length ? hits / gt.length : null,
    uselessWords: uselessWords(a1, lexicon).useless.length,
    a1Words: words(a1).length,
    a2Words: words(a2).length,
  };
}

export interface AuditSummary {
  videos: number;
  /** Means over the videos where the value is defined (precision: A2 named something; recall: GT known). */
  precision: number | null;
  recall: number | null;
  uselessWords: number | null;
  a1Words: number | null;
  a2Words: number | null;
}

const mean = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
};

export function summarizeAudits(rows: readonly AnswerAudit[]): AuditSummary {
  return {
    videos: rows.length,
    precision: mean(rows.map((r) => r.precision)),
    recall: mean(rows.map((r) => r.recall)),
    uselessWords: mean(rows.map((r) => r.uselessWords)),
    a1Words: mean(rows.map((r) => r.a1Words)),
    a2Words: mean(rows.map((r) => r.a2Words)),
  };
}

/** Disagreement of two A2 noun sets: 1 - Jaccard (0 = same nouns, 1 = nothing in common; two empty sets agree). */
export function disagreement(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  const union = new Set([...sa, ...sb]).size;
  if (!union) return 0;
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return 1 - inter / union;
}
