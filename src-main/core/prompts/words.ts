/** Lower-case word tokens of a text: letters, digits and inner apostrophes; hyphens split words ("hair-dryer" -> hair dryer). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
}

/** Words that carry grammar, not content: never counted as useful or useless. */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  `a an the this that these those there here it its it's they them their he him his she her we us our you your i me my
  and or but nor so yet as of in on at by for with without from to into onto over under above below behind beside
  between near next front back left right top bottom middle center centre side corner while who whom whose which
  what where when is are was were be been being has have had do does did can could will would may might shall should
  also then than too very some any each every all both one two three four several other another such own not no
  none nothing`
    .split(/\s+/)
    .filter(Boolean),
);
