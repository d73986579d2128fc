export { detectContestedPoints, scoreContestedPoints, pointConfidence, type PointScore, type DetectPointsOptions } from "./detect-contested-points.ts";
