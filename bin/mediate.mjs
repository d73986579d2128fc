#!/usr/bin/env node
// Entry of the `mediate` CLI. The workspace ships TypeScript sources without a build
// step, so register tsx's loader before handing over to the dispatcher.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./mediate.ts");
process.exitCode = await main(process.argv.slice(2));
