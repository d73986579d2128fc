// 人/事/地/时/因 plus money, head counts and demands, from one prepared narrative.
import type { Facts } from "../schema/case-analysis.ts";
import type { PreparedText } from "../text/prepare-text.ts";
import { extractAmounts } from "./extract-amounts.ts";
import { extractCauses } from "./extract-causes.ts";
import { extractDemands } from "./extract-demands.ts";
import { extractEvents } from "./extract-events.ts";
import { extractHeadCounts } from "./extract-head-counts.ts";
import { extractParties } from "./extract-parties.ts";
import { extractPlaces } from "./extract-places.ts";
import { extractTimes } from "./extract-times.ts";

export function extractFacts(p: PreparedText): Facts {
  const headCounts = extractHeadCounts(p);
  const parties = extractParties(p, headCounts);
  return {
    parties,
    events: extractEvents(p),
    places: extractPlaces(p),
    times: extractTimes(p),
    causes: extractCauses(p),
    amounts: extractAmounts(p),
    headCounts,
    demands: extractDemands(p, parties),
  };
}
