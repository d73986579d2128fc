// Scores the committed element model on the dev split (last 20% of each domain's documents).
//   tsx packages/core/scripts/eval-elements.ts --data ../shared/datasets/cail2019-elements [--model FILE] [--json]
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { ELEMENT_SCHEMAS, type ElementSchema } from "../src/schema/codes.ts";
import { loadDomain, splitDocuments } from "../src/elements/cail-dataset.ts";
import { classifyDocument, loadElementModel } from "../src/elements/classify-elements.ts";
import { scoreElements } from "../src/elements/element-metrics.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const { values } = parseArgs({
  options: {
    data: { type: "string" },
    model: { type: "string" },
    domains: { type: "string" },
    json: { type: "boolean" },
    "per-label": { type: "boolean" },
  },
});
const dataDir = values.data ?? process.env.MEDIATE_CAIL_DIR ?? path.resolve(repoRoot, "../shared/datasets/cail2019-elements");
const domains = (values.domains?.split(",") ?? [...ELEMENT_SCHEMAS]) as ElementSchema[];
const model = loadElementModel(values.model);

const results: Record<string, unknown> = {};
let sumScore = 0;
let sumSentF1 = 0;
for (const schema of domains) {
  const domain = loadDomain(dataDir, schema);
  const { dev } = splitDocuments(domain.documents);
  const sentences = dev.flatMap((d) => d.sentences);
  // Documents are classified whole, as classifyElements does (context, if the model uses it).
  const classify = () => dev.flatMap((d) => classifyDocument(d.sentences.map((s) => s.sentence), schema, model));
  // One untimed pass so the figure is steady-state (JIT-compiled) inference; the scored
  // predictions are those of the timed pass (the model is deterministic, so they are equal).
  classify();
  // CPU time rather than wall time: the figure stays meaningful on a shared machine.
  const c0 = process.cpuUsage();
  const predicted = classify();
  const c1 = process.cpuUsage(c0);
  const micros = (c1.user + c1.system) / Math.max(1, sentences.length);
  const s = scoreElements(
    domain.labels.map((l) => l.name),
    sentences.map((x) => x.labels),
    predicted,
  );
  sumScore += s.cailScore;
  sumSentF1 += s.meanSentenceF1;
  results[schema] = { ...s, perLabel: values["per-label"] ? s.perLabel : undefined, microsPerSentence: micros };
  if (!values.json) {
    console.log(
      `${schema.padEnd(8)} dev docs ${dev.length} sentences ${sentences.length}  micro-F1 ${s.microF1.toFixed(4)}  macro-F1 ${s.macroF1.toFixed(4)}  ` +
        `CAIL score ${s.cailScore.toFixed(4)}  mean sentence F1 ${s.meanSentenceF1.toFixed(4)}  (${micros.toFixed(1)} µs CPU/sentence)`,
    );
    if (values["per-label"]) for (const p of s.perLabel) console.log(`  ${p.label}\ttp ${p.tp} fp ${p.fp} fn ${p.fn} f1 ${p.f1.toFixed(3)}`);
  }
}
const average = { cailScore: sumScore / domains.length, meanSentenceF1: sumSentF1 / domains.length };
if (values.json) console.log(JSON.stringify({ domains: results, average }, null, 2));
else console.log(`average  CAIL score ${average.cailScore.toFixed(4)}  mean sentence F1 ${average.meanSentenceF1.toFixed(4)}`);
