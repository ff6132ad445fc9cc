import { yaml } from "@codemirror/lang-yaml";
import { type Diagnostic, lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorSelection } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { type Ref, useEffect, useImperativeHandle, useRef } from "react";

/**
 * The YAML editor (CodeMirror 6). This module is loaded only by the draft editor (React.lazy), so
 * CodeMirror never reaches the initial bundle. The text lives in the parent; the editor reports
 * every change and follows outside changes (the rule builder, "paste YAML").
 */

export interface EditorMark {
  readonly line: number;
  readonly column?: number | undefined;
  /** Words to underline inside the line (a subjective term); else from the column to the line's end. */
  readonly term?: string | undefined;
  readonly severity: "error" | "warning";
  readonly message: string;
}

export interface YamlEditorHandle {
  /** Puts the cursor at a line (1-based), scrolls it into view and focuses the editor. */
  goTo(line: number, column?: number): void;
}

export interface YamlEditorProps {
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly marks: readonly EditorMark[];
  readonly label: string;
  readonly handle?: Ref<YamlEditorHandle>;
}

export function YamlEditor({ value, onChange, marks, label, handle }: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  // biome-ignore lint/correctness/useExhaustiveDependencies: created once; value and label follow below
  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      doc: value,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        EditorView.lineWrapping,
        // tabindex: axe counts the scroller's content as focusable only when it says so.
        EditorView.contentAttributes.of({ "aria-label": label, "data-testid": "yaml-input", tabindex: "0" }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) changed.current(u.state.doc.toString());
        }),
        EditorView.theme({
          "&": { height: "100%", fontSize: "13px" },
          ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace" },
        }),
      ],
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const current = v.state.doc.toString();
    if (current !== value) v.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    v.dispatch(
      setDiagnostics(
        v.state,
        marks.flatMap((m) => diagnosticOf(v, m)),
      ),
    );
  }, [marks]);

  useImperativeHandle(handle, () => ({
    goTo(line, column) {
      const v = view.current;
      if (!v) return;
      const n = Math.min(Math.max(1, line), v.state.doc.lines);
      const l = v.state.doc.line(n);
      const at = Math.min(l.to, l.from + Math.max(0, (column ?? 1) - 1));
      v.dispatch({
        selection: EditorSelection.cursor(at),
        effects: EditorView.scrollIntoView(at, { y: "center" }),
      });
      v.focus();
    },
  }));

  return <div ref={host} style={{ height: "100%" }} />;
}

function diagnosticOf(v: EditorView, m: EditorMark): Diagnostic[] {
  const doc = v.state.doc;
  if (m.line < 1 || m.line > doc.lines) return [];
  const l = doc.line(m.line);
  let from = Math.min(l.to, l.from + Math.max(0, (m.column ?? 1) - 1));
  let to = l.to;
  if (m.term) {
    const at = l.text.toLowerCase().indexOf(m.term.toLowerCase());
    if (at >= 0) {
      from = l.from + at;
      to = from + m.term.length;
    }
  }
  if (to <= from) {
    from = l.from;
    to = l.to;
  }
  return [{ from, to, severity: m.severity, message: m.message }];
}
