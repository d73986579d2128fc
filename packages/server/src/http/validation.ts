import { MediateError } from "@mediate/core";
import type { Hook } from "@hono/zod-openapi";
import { validationDetail, zodIssuesToErrors } from "./problem.ts";

/** Every zod validation failure becomes an invalid_input problem naming the fields. */
export const validationHook: Hook<any, any, any, any> = (result) => {
  if (result.success) return;
  const errors = zodIssuesToErrors(result.error.issues);
  throw new MediateError("invalid_input", validationDetail(errors), { details: { errors, target: result.target } });
};
