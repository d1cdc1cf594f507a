/**
 * Adding and removing remote Ollama hosts. The local Ollama and the built-in engine are part
 * of the fleet from the start and cannot be removed.
 */
import { z } from "zod";
import { LIMITS, bearerTokenSchema, endpointIdSchema, httpUrlSchema, label } from "./common.js";
import { endpointSummarySchema } from "./fleet-state.js";

export const endpointsChannels = {
  /**
   * Add a remote Ollama host (URL + optional bearer token for a reverse proxy in front of it).
   * Refused with `conflict` when an endpoint with the same URL exists. The new endpoint starts
   * as `unknown` and is probed at once.
   */
  "endpoints:add": {
    request: z.strictObject({
      name: label(LIMITS.endpointName),
      url: httpUrlSchema,
      token: bearerTokenSchema.optional(),
    }),
    response: z.object({ endpoint: endpointSummarySchema }),
  },
  /** Remove a remote endpoint (`forbidden` for `local` and `builtin`). Its server is not touched. */
  "endpoints:remove": {
    request: z.strictObject({ endpointId: endpointIdSchema }),
    response: z.object({ removed: z.literal(true) }),
  },
} as const;
