/** Where commands write; tests pass a collector, the binary passes stdout/stderr. */
export interface Output {
  line(text: string): void;
  error(text: string): void;
  json(value: unknown): void;
}

export const consoleOutput: Output = {
  line: (t) => process.stdout.write(`${t}\n`),
  error: (t) => process.stderr.write(`${t}\n`),
  json: (v) => process.stdout.write(`${JSON.stringify(v, null, 2)}\n`),
};
