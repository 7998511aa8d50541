import { HookJudgeError } from "../errors.js";
import { createMessagesBackend, importPeer, lazyHttpFetch, type MessagesLike } from "./_messages.js";
import type { BackendV1 } from "./spec.js";

/** The `@anthropic-ai/vertex-sdk` versions the Vertex backend is tested with. */
export const VERTEX_PEER_RANGE = ">=1.1.4 <2";

/** What Vertex needs of a Google auth client: request headers with a bearer token (and, optionally, the project). */
export interface VertexAuthClient {
  getRequestHeaders(): Promise<Headers | Record<string, string>>;
  projectId?: string | null;
}

/** Options for {@link createVertexBackend}. */
export interface VertexBackendOptions {
  /** The Vertex model id, e.g. `claude-haiku-4-5@20251001`. */
  model: string;
  /** The region (`global`, `us-east5`, …). @default process.env.CLOUD_ML_REGION */
  region?: string;
  /** @default process.env.ANTHROPIC_VERTEX_PROJECT_ID, else the credentials' project */
  projectId?: string;
  /**
   * The Google auth client. @default Application Default Credentials (`GOOGLE_APPLICATION_CREDENTIALS`,
   * gcloud's login, the metadata server)
   */
  authClient?: VertexAuthClient;
  /** @default process.env.ANTHROPIC_VERTEX_BASE_URL, else the region's endpoint */
  baseURL?: string;
  /** @default a small fetch on node:http/node:https */
  fetch?: typeof globalThis.fetch;
  /** @default 2 */
  maxRetries?: number;
  /** @default process.env */
  env?: Record<string, string | undefined>;
}

/**
 * A backend on Google Vertex AI's Anthropic models (`…/publishers/anthropic/models/<id>:rawPredict`)
 * through `@anthropic-ai/vertex-sdk`, an optional peer loaded on the first call.
 * @throws HookJudgeError `config` when no region is given nor in `CLOUD_ML_REGION`.
 */
export function createVertexBackend(options: VertexBackendOptions): BackendV1 {
  const env = options.env ?? process.env;
  const region = options.region ?? nonEmpty(env["CLOUD_ML_REGION"]);
  if (region === undefined) {
    throw new HookJudgeError("config", "Vertex needs a region: set CLOUD_ML_REGION (e.g. global or us-east5) and ANTHROPIC_VERTEX_PROJECT_ID, or pass the region option");
  }
  const projectId = options.projectId ?? nonEmpty(env["ANTHROPIC_VERTEX_PROJECT_ID"]);
  const baseURL = options.baseURL ?? nonEmpty(env["ANTHROPIC_VERTEX_BASE_URL"]);
  let client: Promise<MessagesLike> | undefined;
  const getClient = () =>
    (client ??= importPeer("@anthropic-ai/vertex-sdk", VERTEX_PEER_RANGE, "vertex", () => import("@anthropic-ai/vertex-sdk")).then(
      ({ AnthropicVertex }) =>
        new AnthropicVertex({
          region,
          projectId: projectId ?? null,
          ...(baseURL === undefined ? {} : { baseURL }),
          ...(options.authClient ? { authClient: options.authClient as never } : {}),
          fetch: options.fetch ?? lazyHttpFetch,
          maxRetries: options.maxRetries ?? 2,
        }).messages as unknown as MessagesLike,
    ));
  return createMessagesBackend("vertex", options.model, getClient);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
