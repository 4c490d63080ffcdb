import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, visit, type Document, type Node } from 'yaml';
import type { Diagnostic } from './diagnostics.js';

export type Path = readonly (string | number)[];

/**
 * A YAML file kept together with its syntax tree, so that any problem found later in the plain
 * data can be pointed at by path: `file:line:column`.
 */
export class SourceFile {
  readonly data: unknown;
  readonly syntaxErrors: Diagnostic[];
  private readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    this.syntaxErrors = [...this.doc.errors, ...this.doc.warnings].map((e) => {
      const pos = this.lines.linePos(e.pos[0]);
      return {
        severity: e.name === 'YAMLWarning' ? 'warning' : 'error',
        file,
        line: pos.line,
        column: pos.col,
        message: `YAML: ${e.message.split('\n')[0]}`,
      } satisfies Diagnostic;
    });
    let data: unknown;
    if (!this.doc.errors.length) {
      try {
        data = this.doc.toJS({ maxAliasCount: 100 });
      } catch (err) {
        // e.g. an alias (*name) that names no anchor, or an alias bomb: point at the first bad alias.
        let offset = 0;
        visit(this.doc, {
          Alias: (_key, alias) => {
            if (alias.resolve(this.doc)) return undefined;
            offset = alias.range?.[0] ?? 0;
            return visit.BREAK;
          },
        });
        const pos = this.lines.linePos(offset);
        this.syntaxErrors.push({
          severity: 'error',
          file,
          line: pos.line,
          column: pos.col,
          message: `YAML: ${(err as Error).message.split('\n')[0]}`,
        });
      }
    }
    this.data = data;
  }

  /**
   * Where the value at `path` starts; with `key`, where its key starts. A path that does not exist
   * points at the deepest part of it that does (e.g. the map that lacks a required field). With
   * `within`, where that text first appears inside the value (e.g. one `${NAME}` in a URL).
   */
  locate(path: Path, key = false, within?: string): { line: number; column: number } {
    let node: Node | null | undefined = this.doc.contents as Node | null;
    let offset = node?.range?.[0] ?? 0;
    for (let i = 0; i < path.length && node; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        const keyNode = pair.key as Node;
        const valueNode = pair.value as Node | null;
        offset = (last && key) || !valueNode?.range ? (keyNode.range?.[0] ?? offset) : valueNode.range[0];
        node = valueNode;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
        node = node.items[seg] as Node;
        offset = node.range?.[0] ?? offset;
      } else break;
    }
    const found = within && node?.range ? this.text.indexOf(within, node.range[0]) : -1;
    if (found >= 0 && found < node!.range![1]) offset = found;
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  diagnostic(severity: Diagnostic['severity'], path: Path, message: string, key = false, within?: string): Diagnostic {
    return { severity, file: this.file, ...this.locate(path, key, within), message };
  }
}
