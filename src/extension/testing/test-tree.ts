// What each TestItem stands for, kept beside it in a WeakMap; a lookup that fails is a bug.
import type * as vscode from "vscode";

export type ItemData = { kind: "file"; uri: vscode.Uri } | { kind: "case"; uri: vscode.Uri; name: string };

const data = new WeakMap<vscode.TestItem, ItemData>();

export function setItemData(item: vscode.TestItem, value: ItemData): void {
  data.set(item, value);
}

export function itemData(item: vscode.TestItem): ItemData {
  const value = data.get(item);
  if (!value) throw new Error(`test item ${item.id} has no Runno data`);
  return value;
}

/** A case's item id: its test file's item id (the file's URI as a string) and its name. */
export function caseId(fileId: string, name: string): string {
  return `${fileId}#${name}`;
}
