import { join } from 'node:path';
import ts from 'typescript';

/**
 * Type-checks generated packages (and any extra files) in one program with
 * the packages' own tsconfig options; returns readable diagnostics.
 */
export function typeErrors(packageDirs: readonly string[], extraFiles: readonly string[] = []) {
  const files: string[] = [...extraFiles];
  let options: ts.CompilerOptions = {};
  for (const dir of packageDirs) {
    const configPath = join(dir, 'tsconfig.json');
    const read = ts.readConfigFile(configPath, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir);
    options = parsed.options;
    files.push(...parsed.fileNames);
  }
  const program = ts.createProgram(files, { ...options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where =
      d.file && d.start !== undefined
        ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: `
        : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
