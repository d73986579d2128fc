// Regression guard: the committed model must keep its measured dev-split quality.
// Needs ../shared/datasets/cail2019-elements (present beside the repo in CI).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ELEMENT_SCHEMAS } from "../schema/codes.ts";
import { loadDomain, splitDocuments } from "./cail-dataset.ts";
import { classifyDocument, loadElementModel } from "./classify-elements.ts";
import { scoreElements } from "./element-metrics.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const dataDir = process.env.MEDIATE_CAIL_DIR ?? path.resolve(repoRoot, "../shared/datasets/cail2019-elements");

/** Measured with `tsx packages/core/scripts/eval-elements.ts` on the committed model (docs/elements-model.md). */
const MEASURED_AVERAGE_CAIL_SCORE = 0.6572;

describe("element model on the CAIL2019 dev split", () => {
  it("keeps the average CAIL score at or above the measured figure minus 0.01", () => {
    const model = loadElementModel();
    let sum = 0;
    for (const schema of ELEMENT_SCHEMAS) {
      const domain = loadDomain(dataDir, schema);
      const { dev } = splitDocuments(domain.documents);
      const sentences = dev.flatMap((d) => d.sentences);
      const s = scoreElements(
        domain.labels.map((l) => l.name),
        sentences.map((x) => x.labels),
        dev.flatMap((d) => classifyDocument(d.sentences.map((x) => x.sentence), schema, model)),
      );
      sum += s.cailScore;
    }
    expect(sum / ELEMENT_SCHEMAS.length).toBeGreaterThanOrEqual(MEASURED_AVERAGE_CAIL_SCORE - 0.01);
  });
});
