/** The slot in Q2 where the answer A1 is inserted (SSP's hierarchical prompting). */
export const A1_SLOT = '{A1}';

/** The paper's prompts (SSP, "Text prompts"): the seeded default template. */
export const PAPER_Q1 =
  "Describe the video, give every object's location with their characteristic, with a format of 'A NOUN VERB NOUN', for example: 'a man plays a guitar'.";
export const PAPER_Q2 = 'According to the video, with {A1}, give the NOUN word that potentially produce sound.';

/** Q2 with A1 in its slot (every occurrence). Throws when the template lacks the slot: Q2 must build on A1. */
export function renderQ2(q2: string, a1: string): string {
  if (!q2.includes(A1_SLOT)) throw new Error(`Q2 has no ${A1_SLOT} slot.`);
  return q2.split(A1_SLOT).join(a1);
}

/** `count` frame indices spread evenly over `frames` (centres of equal segments), all when count >= frames. */
export function pickFrames(frames: number, count: number): number[] {
  if (count >= frames) return Array.from({ length: frames }, (_, i) => i);
  return Array.from({ length: count }, (_, k) => Math.floor(((k + 0.5) * frames) / count));
}
