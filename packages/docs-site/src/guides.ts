import { fileURLToPath } from 'node:url';
import type { GuidePage } from './options.js';

/** Where this package ships toolscope's protocol guides. */
const GUIDES_DIR = fileURLToPath(new URL('../guides/', import.meta.url));

/** toolscope's protocol guides, in reading order; they link only to each other. */
export const TOOLSCOPE_GUIDES = [
  { name: 'wire-protocol', text: 'The wire protocol' },
  { name: 'security', text: 'Security model' },
  { name: 'error-codes', text: 'Error codes' },
  { name: 'canary-tests', text: 'Canary tests and redaction' },
  { name: 'middleware', text: 'The call pipeline and middleware' },
  { name: 'http-tools', text: 'Declarative HTTP tools and serve' },
  { name: 'deployment', text: 'Deploying for many users' },
  { name: 'performance', text: 'Performance at scale' },
  { name: 'plugins', text: 'Generator plugins' },
  { name: 'openapi-import', text: 'Importing OpenAPI' },
] as const;

/**
 * toolscope's protocol guides as extra pages under `/<folder>/`: how tools
 * declare authorization, how tokens travel, what -32001 and -32003 mean. A
 * team adds them with `docs.toolscopeGuides: true`; toolscope's site uses them too.
 */
export function toolscopeGuides(folder = 'toolscope', group = 'toolscope'): GuidePage[] {
  return TOOLSCOPE_GUIDES.map(({ name, text }) => ({
    file: `${GUIDES_DIR}${name}.md`,
    route: `${folder}/${name}`,
    text,
    group,
  }));
}
