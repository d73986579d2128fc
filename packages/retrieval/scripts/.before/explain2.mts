import { openStore } from "../../src/store/sql-store.ts";
import { createQueryUnderstander } from "../../src/search/understand-query.ts";
const store = await openStore({ dataDir: process.argv[2]!, dimensions: Number(process.argv[3] ?? 1024), embeddingModel: `mediate-offline-hash-v1-${process.argv[3] ?? 1024}` });
const u = createQueryUnderstander()("老板拖了三个月工资不给");
console.log(u.priorRefs.length);
for (let i = 0; i < 3; i++) { const t = performance.now(); await store.findArticleRefs(u.priorRefs.slice(0, 50)); console.log("prior", (performance.now() - t).toFixed(1)); }
const x = await store.db.query<{ "QUERY PLAN": string }>(`EXPLAIN ANALYZE SELECT s.id FROM unnest($1::text[], $2::int[]) AS r(name, article) CROSS JOIN LATERAL (SELECT id FROM statutes WHERE law = r.name AND article = r.article AND article_sub = 0 UNION ALL SELECT id FROM statutes WHERE short_title = r.name AND article = r.article AND article_sub = 0) s`, [["中华人民共和国民法典","民法典"],[1079,1079]]);
console.log(x.rows.map((r) => r["QUERY PLAN"]).join("\n"));
await store.close();
