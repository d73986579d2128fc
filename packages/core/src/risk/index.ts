export { assessRisk } from "./assess-risk.ts";
