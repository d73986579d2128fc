import { defineConfig } from "vitest/config";

// Two projects: `unit` (*.test.ts, offline and fast) and `int` (*.int.test.ts, real
// PostgreSQL and Chromium). Integration files run one at a time: they share one server.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "bin/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
          pool: "forks",
        },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["packages/*/src/**/*.int.test.ts", "packages/*/test/**/*.int.test.ts"],
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
