import { z } from "zod";
import { ELEMENT_SCHEMAS } from "@mediate/core";

export const SUITE_KINDS = ["cases", "cail-elements", "retrieval-questions"] as const;
export type SuiteKind = (typeof SUITE_KINDS)[number];

/** packages/eval/suites/<name>.suite.json — adding a suite is adding such a file. */
export const SuiteFileSchema = z.object({
  kind: z.enum(SUITE_KINDS),
  description: z.string().optional(),
  /** Data files, relative to the repo root, or `${shared}/…` for the shared data directory. Globs `*.jsonl` allowed in the last segment. */
  data: z.array(z.string().min(1)).min(1),
  options: z
    .object({
      /** Cut-off for Recall@k / citation ranking (default 10). */
      k: z.number().int().min(1).max(50).optional(),
      /** `dev` = the last 20% of documents of each file (CAIL), `all` = everything, or a `split` value of retrieval questions. */
      split: z.string().optional(),
      /** CAIL element schema; default from the file name (divorce/labor/loan). */
      schema: z.enum(ELEMENT_SCHEMAS).optional(),
      /** Only items whose tags include one of these. */
      tags: z.array(z.string()).optional(),
      /** Only items with these ids (a small fixed suite drawn from a larger file). */
      ids: z.array(z.string()).optional(),
    })
    .default({}),
});
export type SuiteFile = z.infer<typeof SuiteFileSchema>;

export type Suite = SuiteFile & { name: string; file: string };
