import { writeFile } from 'node:fs/promises';
import { flowToMermaid } from '../../flows/graph.js';
import { flowsDir, loadOneFlow } from '../flows-context.js';

/** `switchboard graph <flow>`: a Mermaid flowchart (plain, or fenced for Markdown). */
export async function graphCommand(
  flowId: string | undefined,
  opts: { flows?: string; out?: string; markdown: boolean },
  out: (l: string) => void,
): Promise<number> {
  if (!flowId) {
    out('usage: switchboard graph <flow> [--markdown] [--out file]');
    return 2;
  }
  const cf = await loadOneFlow(flowId, flowsDir(opts.flows), out);
  if (!cf) return 1;
  const mermaid = flowToMermaid(cf.flow);
  const text = opts.markdown ? `# ${cf.flow.name}\n\n\`\`\`mermaid\n${mermaid}\`\`\`\n` : mermaid;
  if (opts.out) await writeFile(opts.out, text);
  else out(text.trimEnd());
  return 0;
}
