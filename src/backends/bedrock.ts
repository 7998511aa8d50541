import { HookJudgeError } from "../errors.js";
import { createMessagesBackend, importPeer, lazyHttpFetch, type MessagesLike } from "./_messages.js";
import type { BackendV1 } from "./spec.js";

/** The `@anthropic-ai/bedrock-sdk` versions the Bedrock backend is tested with. */
export const BEDROCK_PEER_RANGE = ">=1.1.4 <2";

/** Options for {@link createBedrockBackend}. */
export interface BedrockBackendOptions {
  /** The Bedrock model id or inference profile, e.g. `us.anthropic.claude-haiku-4-5-20251001-v1:0`. */
  model: string;
  /** A Bedrock API key, sent as a bearer token instead of SigV4. @default process.env.AWS_BEARER_TOKEN_BEDROCK */
  apiKey?: string;
  /** Static AWS keys, signed locally with SigV4. @default process.env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN */
  awsAccessKey?: string;
  awsSecretKey?: string;
  awsSessionToken?: string;
  /** @default process.env.AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1 */
  awsRegion?: string;
  /** @default process.env.ANTHROPIC_BEDROCK_BASE_URL, else `https://bedrock-runtime.<region>.amazonaws.com` */
  baseURL?: string;
  /** @default a small fetch on node:http/node:https */
  fetch?: typeof globalThis.fetch;
  /** @default 2 */
  maxRetries?: number;
  /** @default process.env */
  env?: Record<string, string | undefined>;
}

/**
 * A backend on Amazon Bedrock's Messages API (`POST /model/<id>/invoke`) through
 * `@anthropic-ai/bedrock-sdk`, an optional peer loaded on the first call. Credentials, in order: a
 * Bedrock API key (`AWS_BEARER_TOKEN_BEDROCK`), static keys (`AWS_ACCESS_KEY_ID` and
 * `AWS_SECRET_ACCESS_KEY`, signed locally), else the AWS chain (profiles, SSO, IMDS…).
 */
export function createBedrockBackend(options: BedrockBackendOptions): BackendV1 {
  const env = options.env ?? process.env;
  const apiKey = options.apiKey ?? nonEmpty(env["AWS_BEARER_TOKEN_BEDROCK"]);
  const awsAccessKey = options.awsAccessKey ?? nonEmpty(env["AWS_ACCESS_KEY_ID"]);
  const awsSecretKey = options.awsSecretKey ?? nonEmpty(env["AWS_SECRET_ACCESS_KEY"]);
  const awsSessionToken = options.awsSessionToken ?? nonEmpty(env["AWS_SESSION_TOKEN"]);
  if ((awsAccessKey === undefined) !== (awsSecretKey === undefined) && apiKey === undefined) {
    throw new HookJudgeError("config", "Bedrock: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together; set both, or neither (a profile, SSO, AWS_BEARER_TOKEN_BEDROCK)");
  }
  const awsRegion = options.awsRegion ?? nonEmpty(env["AWS_REGION"]) ?? nonEmpty(env["AWS_DEFAULT_REGION"]) ?? "us-east-1";
  const baseURL = options.baseURL ?? nonEmpty(env["ANTHROPIC_BEDROCK_BASE_URL"]);
  const staticKeys =
    apiKey === undefined && awsAccessKey !== undefined && awsSecretKey !== undefined ? { awsAccessKey, awsSecretKey, awsSessionToken: awsSessionToken ?? null } : undefined;
  let client: Promise<MessagesLike> | undefined;
  const getClient = () =>
    (client ??= importPeer("@anthropic-ai/bedrock-sdk", BEDROCK_PEER_RANGE, "bedrock", () => import("@anthropic-ai/bedrock-sdk")).then(
      ({ AnthropicBedrock }) =>
        new AnthropicBedrock({
          awsRegion,
          // null, not undefined: the SDK would read the variable from process.env, not from `env`
          apiKey: apiKey ?? null,
          ...(staticKeys ?? {}),
          ...(baseURL === undefined ? {} : { baseURL }),
          fetch: options.fetch ?? lazyHttpFetch,
          maxRetries: options.maxRetries ?? 2,
        } as ConstructorParameters<typeof AnthropicBedrock>[0]).messages as unknown as MessagesLike,
    ));
  return createMessagesBackend("bedrock", options.model, getClient);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
