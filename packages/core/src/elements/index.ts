export { classifyDocument, scoreDocument } from "./classify-elements.ts";
export { classifyElements, classifySentence, scoreSentence, schemasForType, loadElementModel, DEFAULT_ELEMENT_MODEL_PATH } from "./classify-elements.ts";
export type { ElementInput, SentenceLabelScore } from "./classify-elements.ts";
export { scoreElements } from "./element-metrics.ts";
export type { ElementScores } from "./element-metrics.ts";
