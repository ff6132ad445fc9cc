import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../../app/deps.js";
import type { ServerOptions } from "../server.js";

/** Placeholder: this route group is being written. */
export async function leadsRoutes(
  _fastify: FastifyInstance,
  _deps: AppDeps,
  _options: ServerOptions,
): Promise<void> {}
