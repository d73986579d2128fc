import { describe, expect, it } from "vitest";
import { loadTaxonomy } from "./load-taxonomy.ts";
import { createNegationScope } from "./negation-scope.ts";

const scope = createNegationScope(loadTaxonomy().negation);

/** Is the (last) occurrence of `cue` in `text` negated? */
function negated(text: string, cue: string, which: "first" | "last" = "first"): boolean {
  const at = which === "first" ? text.indexOf(cue) : text.lastIndexOf(cue);
  if (at < 0) throw new Error(`${cue} not in ${text}`);
  return scope.isNegated(text, at, at + cue.length);
}

describe("negation scope", () => {
  it.each([
    ["没有酗酒", "酗酒"],
    ["他从来没有酗酒的习惯", "酗酒"],
    ["他从不喝酒", "喝酒"],
    ["男方并未殴打女方", "殴打"],
    ["男方否认曾经殴打女方", "殴打"],
    ["他没动手", "动手"],
    ["我们双方都没有报警", "报警"],
    ["他不赌博", "赌博"],
    ["家暴的事不属实", "家暴"],
    ["喝酒早戒了", "喝酒"],
    ["双方差点动手", "动手"],
  ])("%s: %s is negated", (text, cue) => {
    expect(negated(text, cue)).toBe(true);
  });

  it.each([
    ["他天天酗酒", "酗酒"],
    ["他说自己没喝酒，但邻居都看见他喝醉了", "喝醉"],
    ["他不是不喝酒", "喝酒"],
    ["他有没有家暴", "家暴"],
    ["请问他是不是酗酒", "酗酒"],
    ["这不是第一次殴打我了", "殴打"],
    ["他不听劝，天天酗酒", "酗酒"],
    ["他不但酗酒还赌博", "酗酒"],
    ["没想到他喝醉了就打人", "喝醉"],
    ["他没有工作，整天酗酒", "酗酒"],
    ["他没有钱却整天赌博", "赌博"],
  ])("%s: %s is not negated", (text, cue) => {
    expect(negated(text, cue)).toBe(false);
  });

  it("keeps scope inside the clause: a denial in one clause does not reach the next", () => {
    const text = "他说自己没喝酒，但邻居都看见他喝酒了";
    expect(negated(text, "喝酒", "first")).toBe(true);
    expect(negated(text, "喝酒", "last")).toBe(false);
  });

  it("a single-character negator only reaches a short distance", () => {
    expect(negated("他不愿意和我们谈工资的事", "工资")).toBe(false);
    expect(negated("他不酗酒", "酗酒")).toBe(true);
  });
});
