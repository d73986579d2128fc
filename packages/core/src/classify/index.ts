export { classifyDispute, scoreDisputeTypes, type TypeScore } from "./classify-dispute.ts";
