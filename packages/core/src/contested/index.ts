export { detectContestedPoints, scoreContestedPoints, pointConfidence, type PointScore } from "./detect-contested-points.ts";
