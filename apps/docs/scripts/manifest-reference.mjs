#!/usr/bin/env node
// Renders the manifest reference page from the JSON Schema that
// @toolscope/manifest publishes (z.toJSONSchema() of the zod schema): one
// table of properties per object, nested objects and $defs as their own
// sections. Runs at build time, so the page never drifts from the schema.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Where @toolscope/manifest publishes its JSON Schema. */
export const DEFAULT_SCHEMA_PATH = path.resolve(
  here,
  '../../../packages/manifest/manifest.schema.json',
);

const FRONTMATTER = '---\ntitle: Manifest reference\noutline: [2, 3]\n---\n\n';
const INTRO =
  '# Manifest reference\n\n' +
  'Every field of a toolscope manifest, rendered from `manifest.schema.json` ' +
  '(the JSON Schema that `@toolscope/manifest` publishes from its zod schema) when this site was built. ' +
  'Point your editor at that file to get validation and completion while you write a manifest:\n\n' +
  '```yaml\n# yaml-language-server: $schema=../packages/manifest/manifest.schema.json\n```\n\n';

/** The heading slug VitePress gives a heading (same rules as its default slugify). */
export function slugify(text) {
  return (
    text
      .normalize('NFKD')
      // Control characters go, as in VitePress's slugify.
      .replace(/\p{Cc}/gu, '')
      .replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-+|-+$/g, '')
      .replace(/^(\d)/, '_$1')
      .toLowerCase()
  );
}

/** Makes text safe inside one Markdown table cell. */
export function cell(text) {
  return String(text)
    .replace(/\r?\n/g, ' ')
    .replaceAll('\\', '\\\\')
    .replaceAll('|', '\\|')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

function code(value) {
  const text = (typeof value === 'string' ? value : JSON.stringify(value)).replace(/\r?\n/g, ' ');
  // Inside a code span only the table's pipe needs escaping; a value with
  // backticks takes a longer fence (CommonMark), or plain text as a last resort.
  const body = text.replaceAll('|', '\\|');
  if (!text.includes('`')) return `\`${body}\``;
  return text.includes('``') ? cell(text) : `\`\` ${body} \`\``;
}

/** `providers` → `Provider`: the name of one value of a map-valued property. */
function entryName(parent, key) {
  const singular = key.endsWith('ies') ? `${key.slice(0, -3)}y` : key.replace(/s$/, '');
  if (singular === key) return `${parent}.${key}.*`;
  return singular.charAt(0).toUpperCase() + singular.slice(1);
}

function isObjectWithProperties(schema) {
  return (
    schema &&
    typeof schema === 'object' &&
    schema.properties &&
    typeof schema.properties === 'object'
  );
}

function refName(ref) {
  const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
  return match ? decodeURIComponent(match[1].replaceAll('~1', '/').replaceAll('~0', '~')) : ref;
}

function variantLabel(schema, index) {
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (prop && prop.const !== undefined) return `${key}: ${String(prop.const)}`;
  }
  return schema.title ?? `variant ${index + 1}`;
}

class Reference {
  constructor(root) {
    this.root = root;
    this.sections = [];
  }

  link(name) {
    return `[${cell(name)}](#${slugify(name)})`;
  }

  /** Queues a section for an object schema and links to it; same name, other schema: a suffix. */
  section(name, schema) {
    let unique = name;
    for (let n = 2; ; n++) {
      const existing = this.sections.find((s) => s.name === unique);
      if (!existing) {
        this.sections.push({ name: unique, schema });
        break;
      }
      if (existing.schema === schema) break;
      unique = `${name} (${n})`;
    }
    return this.link(unique);
  }

  /** A short type expression for a schema; queues nested objects as sections. */
  typeOf(schema, name, key) {
    if (schema === true || schema === undefined) return 'any';
    if (schema === false) return 'never';
    if (schema.$ref) return this.link(refName(schema.$ref));
    if (schema.const !== undefined) return code(schema.const);
    if (Array.isArray(schema.enum)) return schema.enum.map(code).join(' \\| ');
    const union = schema.oneOf ?? schema.anyOf;
    if (Array.isArray(union)) {
      const objects = union.filter(isObjectWithProperties);
      if (objects.length > 1) return this.section(name, schema);
      return union.map((s) => this.typeOf(s, name, key)).join(' or ');
    }
    const type = Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type;
    if (type === 'array') return `array of ${this.typeOf(schema.items, `${name}[]`)}`;
    if (type === 'object' || isObjectWithProperties(schema)) {
      if (isObjectWithProperties(schema)) return this.section(name, schema);
      const values = schema.additionalProperties;
      if (values && typeof values === 'object') {
        const entry = key ? entryName(name.slice(0, name.lastIndexOf('.')), key) : `${name}.*`;
        return `map of ${this.typeOf(values, entry)}`;
      }
      return 'object';
    }
    if (!type) return 'any';
    return schema.format ? `${type} (${cell(schema.format)})` : type;
  }

  details(schema) {
    const parts = [];
    if (schema.description) parts.push(cell(schema.description));
    const facts = [];
    if (schema.default !== undefined) facts.push(`default ${code(schema.default)}`);
    if (schema.pattern) facts.push(`pattern ${code(schema.pattern)}`);
    for (const key of ['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems']) {
      if (schema[key] !== undefined) facts.push(`${key} ${schema[key]}`);
    }
    if (facts.length) parts.push(facts.join(', '));
    return parts.join(' — ');
  }

  table(name, schema) {
    const required = new Set(schema.required ?? []);
    const rows = Object.entries(schema.properties).map(([key, prop]) => {
      const type = this.typeOf(prop, `${name}.${key}`, key);
      return `| ${code(key)} | ${type} | ${required.has(key) ? 'yes' : 'no'} | ${this.details(prop)} |`;
    });
    const extra =
      schema.additionalProperties === false ? '\nNo other properties are allowed.\n' : '';
    return `| Property | Type | Required | Description |\n|---|---|---|---|\n${rows.join('\n')}\n${extra}`;
  }

  render1(name, schema) {
    const out = [`## ${name}\n`];
    if (schema.description) out.push(`${cell(schema.description)}\n`);
    const union = schema.oneOf ?? schema.anyOf;
    if (isObjectWithProperties(schema)) out.push(this.table(name, schema));
    else if (Array.isArray(union)) {
      out.push('One of:\n');
      union.forEach((variant, i) => {
        if (isObjectWithProperties(variant)) {
          out.push(`### ${name} (${variantLabel(variant, i)})\n`);
          if (variant.description) out.push(`${cell(variant.description)}\n`);
          out.push(this.table(name, variant));
        } else {
          out.push(`- ${this.typeOf(variant, name)}\n`);
        }
      });
    } else out.push(`Type: ${this.typeOf(schema, `${name}.value`)}\n`);
    return out.join('\n');
  }

  render() {
    this.section('Manifest', this.root);
    for (const [name, def] of Object.entries(this.root.$defs ?? this.root.definitions ?? {})) {
      this.section(name, def);
    }
    const parts = [];
    // Sections queue more sections while they render; the list grows under the loop.
    for (let i = 0; i < this.sections.length; i++) {
      const s = this.sections[i];
      parts.push(this.render1(s.name, s.schema));
    }
    return parts.join('\n');
  }
}

/** The reference page's Markdown for a parsed JSON Schema. */
export function renderManifestReference(schema) {
  return FRONTMATTER + INTRO + new Reference(schema).render();
}

/** The page shown while the schema file does not exist yet. */
export function missingSchemaPage(schemaPath) {
  return (
    FRONTMATTER +
    INTRO +
    '::: warning Not built yet\n' +
    `The schema file was not found when this site was built (looked for \`${path.basename(schemaPath)}\` in \`packages/manifest\`). ` +
    'Build `@toolscope/manifest` (`pnpm build`) and build the site again.\n:::\n'
  );
}

/** The reference page's Markdown, or a placeholder while the schema file does not exist. */
export async function manifestReferencePage(schemaPath = DEFAULT_SCHEMA_PATH) {
  let text;
  try {
    text = await readFile(schemaPath, 'utf8');
  } catch (error) {
    if (error?.code !== 'ENOENT') throw error;
  }
  const markdown =
    text === undefined ? missingSchemaPage(schemaPath) : renderManifestReference(JSON.parse(text));
  return { markdown, schemaFound: text !== undefined };
}

/** Writes `<site>/reference/manifest.md`; returns whether the schema was found. */
export async function writeManifestReference({ schemaPath = DEFAULT_SCHEMA_PATH, siteDir }) {
  const { markdown, schemaFound } = await manifestReferencePage(schemaPath);
  await mkdir(path.join(siteDir, 'reference'), { recursive: true });
  await writeFile(path.join(siteDir, 'reference', 'manifest.md'), markdown);
  return schemaFound;
}
