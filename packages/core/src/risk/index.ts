export { assessRisk, type AssessRiskOptions } from "./assess-risk.ts";
export { loadRiskDefusers, parseRiskDefusers, NO_DEFUSERS, type RiskDefusers } from "./risk-defusers.ts";
