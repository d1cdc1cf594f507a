/** `llama3` and `llama3:latest` are one model to Ollama; the fleet compares the full form. */
export function withTag(model: string): string {
  const slash = model.lastIndexOf("/");
  return model.indexOf(":", slash + 1) === -1 ? `${model}:latest` : model;
}
