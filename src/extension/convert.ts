// The runner's 1-based positions to VS Code's 0-based ranges: the only place that converts.
import * as vscode from "vscode";
import type { Position, Span } from "../testing";

export function toPosition(position: Position): vscode.Position {
  return new vscode.Position(Math.max(0, position.line - 1), Math.max(0, position.column - 1));
}

export function toRange(span: Span): vscode.Range {
  return new vscode.Range(toPosition(span.start), toPosition(span.end));
}

export function pointRange(position: Position): vscode.Range {
  const at = toPosition(position);
  return new vscode.Range(at, at);
}
