import type { ToolRequirement } from '@toolscope/core';
import { escapeForCode } from '../escape.js';

/**
 * A JSON value as a multi-line TypeScript expression. Keys and strings go
 * through `escapeForCode`, so manifest text cannot end a literal early.
 */
export function jsonLiteral(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return escapeForCode(value, 'literal');
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) {
      const flat = `[${value.map((v) => escapeForCode(v, 'literal')).join(', ')}]`;
      if (flat.length <= 80) return flat;
    }
    return `[\n${value.map((v) => `${inner}${jsonLiteral(v, inner)},\n`).join('')}${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries
    .map(([k, v]) => `${inner}${escapeForCode(k, 'key')}: ${jsonLiteral(v, inner)},\n`)
    .join('')}${indent}}`;
}

/** The core requirement type that matches a requirement's method. */
export function requirementType(requirement: ToolRequirement): string {
  switch (requirement.method) {
    case 'none':
      return 'NoneRequirement';
    case 'oauth2':
      return 'OAuth2Requirement';
    case 'apiKey':
      return 'ApiKeyRequirement';
  }
}
