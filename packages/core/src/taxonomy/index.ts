export * from "./load-taxonomy.ts";
export { createCueMatcher, getCueMatcher, sentenceIndexAt, type CueHit, type CueGroup, type CueTier, type CueMatcher } from "./cue-matcher.ts";
export { createNegationScope, type NegationScope } from "./negation-scope.ts";
export { createAhoCorasick, type AhoCorasick, type AcMatch } from "./aho-corasick.ts";
