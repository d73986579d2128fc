export { prepareText, splitSentences, validateText, type PreparedText, type Script } from "./prepare-text.ts";
export { segmentWords, segmentWordSpans, wordsOf, USER_DICT_PATH } from "./segment-words.ts";
