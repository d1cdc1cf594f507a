/**
 * Turns Ollama requests into prompt tokens with the model's own chat template (node-llama-cpp
 * resolves the GGUF's Jinja template to a chat wrapper), or takes a raw prompt as is.
 */
import { resolveChatWrapper, type ChatHistoryItem, type ChatWrapper, type LlamaModel, type Token } from "node-llama-cpp";

export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
}

const wrappers = new WeakMap<LlamaModel, ChatWrapper>();

function chatWrapperFor(model: LlamaModel): ChatWrapper {
  let wrapper = wrappers.get(model);
  if (!wrapper) {
    wrapper = resolveChatWrapper(model);
    wrappers.set(model, wrapper);
  }
  return wrapper;
}

/** Chat messages rendered with the template, ending where the assistant's answer begins. */
export function chatPromptTokens(model: LlamaModel, messages: ChatMessage[]): Token[] {
  const history: ChatHistoryItem[] = [];
  for (const m of messages) {
    if (m.role === "system") history.push({ type: "system", text: m.content });
    else if (m.role === "assistant") history.push({ type: "model", response: [m.content] });
    // Tool results reach the model as user turns: the random and small models have no tool role.
    else history.push({ type: "user", text: m.role === "tool" ? `Tool result: ${m.content}` : m.content });
  }
  history.push({ type: "model", response: [] });
  const { contextText } = chatWrapperFor(model).generateContextState({ chatHistory: history });
  return contextText.tokenize(model.tokenizer);
}

/** `raw: true`: the caller wrote the template; special tokens in it are honoured. */
export function rawPromptTokens(model: LlamaModel, prompt: string, context: number[] | undefined): Token[] {
  const tokens = model.tokenize(prompt, true);
  const bos = model.tokens.bos;
  const head = context?.length ? (context as Token[]) : bos !== null && model.tokens.shouldPrependBosToken ? [bos] : [];
  return [...head, ...tokens];
}
