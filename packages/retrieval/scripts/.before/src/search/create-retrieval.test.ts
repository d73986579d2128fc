import { openStore } from "../store/sql-store.ts";
import { runRetrievalSuite } from "./retrieval.case.ts";

runRetrievalSuite("PGlite", (e) => openStore({ dimensions: e.dimensions, embeddingModel: e.model }));
