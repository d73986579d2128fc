import { openStore } from "@mediate/retrieval/store/sql-store.ts";
import { execFileSync } from "node:child_process";
const dir = "/tmp/pgl-exp/db";
const store = await openStore({ dataDir: dir, dimensions: 32, embeddingModel: "t" });
const mk = (i: number) => ({ law: "测试法", shortTitle: "测试法", level: "law" as const, article: i, label: `第${i}条`, chapterPath: [], text: `条文${i}`.repeat(50), version: null, superseded: false, source: "t.md", embedding: null });
await store.upsertStatutes(Array.from({ length: 100 }, (_, i) => mk(i + 1)));
console.log("size", execFileSync("du", ["-sm", dir]).toString());
execFileSync("mount", ["-o", "remount,ro", "/tmp/pgl-exp"]);
try { await store.upsertStatutes(Array.from({ length: 100 }, (_, i) => mk(i + 101))); console.log("write ok?!"); } catch (e: any) { console.log("write err", e?.constructor?.name, e?.code, String(e?.message).slice(0, 200)); }
try { console.log("read", (await store.stats()).articles); } catch (e: any) { console.log("read err", e?.code, String(e?.message).slice(0, 200)); }
try { await store.close(); console.log("closed"); } catch (e: any) { console.log("close err", e?.code, String(e?.message).slice(0, 200)); }
execFileSync("mount", ["-o", "remount,rw", "/tmp/pgl-exp"]);
const again = await openStore({ dataDir: dir, dimensions: 32, embeddingModel: "t" });
console.log("reopened", (await again.stats()).articles);
await again.close();
