/**
 * The object vocabulary of the prompt audit: the AVSBench-semantic class names (label2idx, without background)
 * plus common synonyms an MLLM uses for them, each mapped to its canonical class name. Multi-word classes are
 * written with '-' as in label2idx ("emergency-car"); the text side matches them with spaces too.
 */
export const AVSS_CLASS_NAMES = [
  'accordion', 'airplane', 'axe', 'baby', 'bassoon', 'bell', 'bird', 'boat', 'boy', 'bus', 'car', 'cat', 'cello',
  'clarinet', 'clipper', 'clock', 'dog', 'donkey', 'drum', 'duck', 'elephant', 'emergency-car', 'erhu', 'flute',
  'frying-food', 'girl', 'goose', 'guitar', 'gun', 'guzheng', 'hair-dryer', 'handpan', 'harmonica', 'harp',
  'helicopter', 'hen', 'horse', 'keyboard', 'leopard', 'lion', 'man', 'marimba', 'missile-rocket', 'motorcycle',
  'mower', 'parrot', 'piano', 'pig', 'pipa', 'saw', 'saxophone', 'sheep', 'sitar', 'sorna', 'squirrel', 'tabla',
  'tank', 'tiger', 'tractor', 'train', 'trombone', 'truck', 'trumpet', 'tuba', 'ukulele', 'utv', 'vacuum-cleaner',
  'violin', 'wolf', 'woman',
] as const;

/** Synonym -> canonical class. Only words that unambiguously name the class's sound source. */
export const SYNONYMS: Readonly<Record<string, string>> = {
  plane: 'airplane', aeroplane: 'airplane', jet: 'airplane', aircraft: 'airplane',
  infant: 'baby', toddler: 'baby', puppy: 'dog', kitten: 'cat', kitty: 'cat', chicken: 'hen', rooster: 'hen',
  ship: 'boat', kayak: 'boat', automobile: 'car', vehicle: 'car', taxi: 'car',
  ambulance: 'emergency-car', 'police car': 'emergency-car', 'fire truck': 'emergency-car', 'fire engine': 'emergency-car', siren: 'emergency-car',
  drums: 'drum', 'drum kit': 'drum', 'drum set': 'drum', snare: 'drum', drummer: 'drum',
  rifle: 'gun', pistol: 'gun', 'hair dryer': 'hair-dryer', hairdryer: 'hair-dryer', 'blow dryer': 'hair-dryer',
  'lawn mower': 'mower', lawnmower: 'mower', rocket: 'missile-rocket', missile: 'missile-rocket',
  motorbike: 'motorcycle', scooter: 'motorcycle', 'vacuum cleaner': 'vacuum-cleaner', vacuum: 'vacuum-cleaner', hoover: 'vacuum-cleaner',
  sax: 'saxophone', fiddle: 'violin', uke: 'ukulele', chainsaw: 'saw', 'chain saw': 'saw', lorry: 'truck',
  locomotive: 'train', 'electric keyboard': 'keyboard', synthesizer: 'keyboard', 'grand piano': 'piano', 'electric guitar': 'guitar',
  'acoustic guitar': 'guitar', 'bass guitar': 'guitar', pianist: 'piano', guitarist: 'guitar', violinist: 'violin',
  gentleman: 'man', guy: 'man', male: 'man', lady: 'woman', female: 'woman', kid: 'boy', 'frying pan': 'frying-food', 'hair clipper': 'clipper', clippers: 'clipper',
  'alarm clock': 'clock', bells: 'bell',
};

/** Irregular plurals; regular ones are handled by `singular()`. */
const IRREGULAR: Readonly<Record<string, string>> = {
  buses: 'bus', men: 'man', women: 'woman', children: 'child', people: 'person', geese: 'goose', mice: 'mouse', sheep: 'sheep',
  feet: 'foot', teeth: 'tooth', wolves: 'wolf', knives: 'knife', leaves: 'leaf', lives: 'life',
};

/** Singular of an English noun: irregulars, -ies -> -y, -ches/-shes/-sses/-xes/-zes -> drop 'es', -s -> drop 's' (not -ss/-us/-is). */
export function singular(word: string): string {
  const w = word.toLowerCase();
  if (IRREGULAR[w]) return IRREGULAR[w];
  if (w.length > 3 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (/(ch|sh|ss|x|z)es$/.test(w) && w.length > 4) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

export interface Lexicon {
  /** Phrase (lower case, words joined by one space) -> canonical class name. */
  phrases: Map<string, string>;
  /** Longest phrase length in words, for greedy matching. */
  maxWords: number;
}

/** The AVSS vocabulary plus a dataset's own class names (so S4/synthetic datasets audit against their classes). */
export function buildLexicon(extraClasses: readonly string[] = []): Lexicon {
  const phrases = new Map<string, string>();
  const add = (phrase: string, cls: string) => phrases.set(phrase.toLowerCase().replace(/[-_]+/g, ' ').trim(), cls);
  for (const c of [...AVSS_CLASS_NAMES, ...extraClasses]) if (c && c !== 'background') add(c, c.toLowerCase());
  for (const [syn, cls] of Object.entries(SYNONYMS)) add(syn, cls);
  let maxWords = 1;
  for (const p of phrases.keys()) maxWords = Math.max(maxWords, p.split(' ').length);
  return { phrases, maxWords };
}
