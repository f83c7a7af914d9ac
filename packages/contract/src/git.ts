/**
 * The old side of `toolscope diff --base <ref>`: manifest texts as a git
 * revision holds them, read with `git ls-tree` and `git show` (never checked
 * out, so the working tree is left alone).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { ManifestSource } from '@toolscope/manifest';
import { ContractError } from './errors.js';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

function git(args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stderr: String(stderr) }));
        else resolve(stdout);
      },
    );
  });
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr ?? '';
  return stderr.split('\n').find((line) => line.trim() !== '') ?? String(error);
}

/** Reads the manifests under `inputs` (files or folders, relative to `cwd`) at a git revision. */
export async function readManifestsAtRef(
  ref: string,
  inputs: readonly string[],
  cwd: string,
): Promise<ManifestSource[]> {
  if (ref === '' || ref.startsWith('-')) {
    throw new ContractError('CONFIG_INVALID', `"${ref}" is not a git revision.`, {
      hint: 'Pass a branch, tag or commit, e.g. --base origin/main.',
    });
  }
  try {
    await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], cwd);
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 1;
    throw new ContractError(
      'MANIFEST_NOT_FOUND',
      missing
        ? `The git revision "${ref}" does not exist.`
        : `git cannot read "${ref}": ${firstLine(error)}`,
      {
        hint: 'Fetch it first (e.g. `git fetch origin main`) or name another branch, tag or commit.',
      },
    );
  }
  const files = new Set<string>();
  for (const input of inputs) {
    const relative = path.isAbsolute(input) ? path.relative(cwd, input) : input;
    const listed = await git(
      ['ls-tree', '-r', '--name-only', '--full-name', ref, '--', relative || '.'],
      cwd,
    ).catch((error: unknown) => {
      throw new ContractError(
        'MANIFEST_NOT_FOUND',
        `git cannot list "${input}" at ${ref}: ${firstLine(error)}`,
      );
    });
    for (const file of listed.split('\n')) if (MANIFEST_FILE.test(file)) files.add(file);
  }
  const sources: ManifestSource[] = [];
  for (const file of [...files].sort()) {
    const text = await git(['show', `${ref}:${file}`], cwd).catch((error: unknown) => {
      throw new ContractError(
        'MANIFEST_NOT_FOUND',
        `git cannot show ${ref}:${file}: ${firstLine(error)}`,
      );
    });
    sources.push({ file: `${ref}:${file}`, text });
  }
  return sources;
}
