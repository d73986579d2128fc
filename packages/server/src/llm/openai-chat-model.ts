// OpenAI-compatible chat-completions backend (vLLM, DeepSeek, Qwen/DashScope, OpenAI …).
// Uses LangChain's Chat Completions class rather than the Responses API, which the
// compatible servers do not speak.
import { ChatOpenAICompletions } from "@langchain/openai";
import { messageText, raceAbort, toLlmError, type ChatModel, type ChatRequest } from "./chat-model.ts";

export type OpenAiChatModelSettings = {
  /** e.g. http://127.0.0.1:8000/v1 */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Per-request limit enforced by the client (our own timeout wraps it as well). */
  timeoutMs?: number;
  /** Read the answer as server-sent-event chunks. */
  streaming?: boolean;
  temperature?: number;
};

export function createOpenAiChatModel(settings: OpenAiChatModelSettings): ChatModel {
  const client = new ChatOpenAICompletions({
    model: settings.model,
    // Local servers (vLLM, llama.cpp) accept any key; the client library insists on one.
    apiKey: settings.apiKey ?? "not-needed",
    configuration: { baseURL: settings.baseUrl },
    temperature: settings.temperature ?? 0.2,
    timeout: settings.timeoutMs,
    // Retries, backoff and the circuit breaker are ours (resilient-chat-model.ts).
    maxRetries: 0,
    streaming: settings.streaming ?? false,
  });
  const name = `openai:${settings.model}`;
  return {
    name,
    async complete(request: ChatRequest): Promise<string> {
      const messages = request.messages.map((m) => [m.role, m.content] as [string, string]);
      const options = {
        signal: request.signal,
        ...(request.json ? { response_format: { type: "json_object" as const } } : {}),
      };
      try {
        const work = (async () => {
          if (settings.streaming) {
            let text = "";
            for await (const chunk of await client.stream(messages, options)) text += messageText(chunk.content);
            return text;
          }
          const answer = await client.invoke(messages, options);
          return messageText(answer.content);
        })();
        return await raceAbort(work, request.signal);
      } catch (error) {
        throw toLlmError(error, name);
      }
    },
  };
}
