import cliProgress from "cli-progress";
import type { Progress } from "../runners/timing.ts";

/** A cli-progress bar on stderr (stdout stays clean for piping). */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  let bar: cliProgress.SingleBar | null = null;
  return {
    start(total, label) {
      bar = new cliProgress.SingleBar(
        { stream, format: `${label.padEnd(18)} {bar} {value}/{total} {percentage}% eta {eta_formatted}`, hideCursor: false, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    tick() {
      bar?.increment();
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
