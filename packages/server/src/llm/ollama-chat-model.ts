// Ollama backend (/api/chat) for models served on the centre's own machine.
import { ChatOllama } from "@langchain/ollama";
import { messageText, raceAbort, toLlmError, type ChatModel, type ChatRequest } from "./chat-model.ts";

export type OllamaChatModelSettings = {
  /** e.g. http://127.0.0.1:11434 */
  baseUrl: string;
  model: string;
  streaming?: boolean;
  temperature?: number;
};

export function createOllamaChatModel(settings: OllamaChatModelSettings): ChatModel {
  const make = (json: boolean) =>
    new ChatOllama({
      model: settings.model,
      baseUrl: settings.baseUrl,
      temperature: settings.temperature ?? 0.2,
      maxRetries: 0,
      // Never ask the server to pull a model: nothing is downloaded at run time.
      checkOrPullModel: false,
      ...(json ? { format: "json" } : {}),
    });
  const plain = make(false);
  const json = make(true);
  const name = `ollama:${settings.model}`;
  return {
    name,
    async complete(request: ChatRequest): Promise<string> {
      const client = request.json ? json : plain;
      const messages = request.messages.map((m) => [m.role, m.content] as [string, string]);
      try {
        const work = (async () => {
          if (settings.streaming) {
            let text = "";
            for await (const chunk of await client.stream(messages, { signal: request.signal })) text += messageText(chunk.content);
            return text;
          }
          const answer = await client.invoke(messages, { signal: request.signal });
          return messageText(answer.content);
        })();
        return await raceAbort(work, request.signal);
      } catch (error) {
        throw toLlmError(error, name);
      }
    },
  };
}
