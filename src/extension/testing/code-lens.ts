// "Run Exercise Checks" above a *.runno.yaml file: a run that works in Restricted Mode too.
import * as vscode from "vscode";

export class ExerciseCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return [
      new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
        title: "$(run-all) Run Exercise Checks",
        tooltip: "Run this file's checks in the Runno sandbox (works in Restricted Mode)",
        command: "runno.runChecks",
        arguments: [document.uri],
      }),
    ];
  }
}
