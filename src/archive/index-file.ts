// index.json as Nomad writes it: a JSON array of bundle-relative paths and a newline.

export function indexJson(files: readonly string[]): string {
  return `${JSON.stringify(files)}\n`;
}
