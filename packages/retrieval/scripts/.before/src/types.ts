// The contract of @mediate/retrieval, shared by the server and the evaluation harness.

/** 法律 / 行政法规 / 司法解释 / 部门规章 (and 地方性法规, 其他 where the corpus has them). */
export type LawLevel = "law" | "administrative-regulation" | "judicial-interpretation" | "departmental-rule" | "local-regulation" | "other";

/** One article as parsed from the corpus; `text` is exact. */
export type StatuteArticle = {
  /** Full title as in the corpus heading, e.g. 中华人民共和国民法典. */
  law: string;
  /** Short title: 民法典, 劳动合同法 … */
  shortTitle: string;
  level: LawLevel;
  article: number;
  /** Sub-number of a 第N条之M article, else undefined. */
  articleSub?: number;
  /** 第一千零八十四条, 第十条之一 … */
  label: string;
  chapterPath: string[];
  text: string;
  /** Version date (YYYY-MM-DD) from the file name or preamble, when known. */
  version: string | null;
  /** A newer version of the same law exists in the corpus. */
  superseded: boolean;
  /** Corpus-relative path of the source file. */
  source: string;
};

export type StatuteHit = StatuteArticle & { score: number };

export type StatuteSearchMode = "hybrid" | "lexical" | "vector";

export type StatuteSearchOptions = {
  /** 1..50, default 10. */
  k?: number;
  mode?: StatuteSearchMode;
  levels?: LawLevel[];
  /** Only versions not superseded (default true). */
  currentOnly?: boolean;
  /** Dispute-type code to bias towards the type's core laws. */
  typeCode?: string;
  /** Contested-point codes already detected (from core) used for expansion. */
  points?: string[];
};

/** A past case: narrative, how it was handled and how it ended. */
export type CaseRecord = {
  id: string;
  title: string;
  typeCode: string;
  narrative: string;
  points: string[];
  plan: string;
  outcome: string;
  statutes: Array<{ law: string; article: number }>;
  /** demo | typical-case:<file> | import:<file> */
  source: string;
};

export type CaseHit = CaseRecord & { score: number };

export type CaseSearchOptions = { k?: number; typeCode?: string };

export interface Retrieval {
  searchStatutes(query: string, options?: StatuteSearchOptions): Promise<StatuteHit[]>;
  getArticle(law: string, article: number, articleSub?: number): Promise<StatuteArticle | null>;
  searchCases(query: string, options?: CaseSearchOptions): Promise<CaseHit[]>;
  /** Counts, for /readyz and the CLI. */
  stats(): Promise<{ articles: number; cases: number; embeddingModel: string }>;
  close(): Promise<void>;
}

/** Text → vectors. One interface for the offline default, OpenAI-compatible and Ollama. */
export interface Embeddings {
  /** Identifies the model and its version; stored with every vector. */
  readonly model: string;
  readonly dimensions: number;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}
