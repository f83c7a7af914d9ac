/**
 * Security schemes to manifest providers, and each operation's security
 * requirements to its tool's authorization.
 */
import type { Reporter } from './diagnostics.js';
import { providerId, UniqueNames } from './names.js';
import { child, isObject, type Json, resolve } from './refs.js';

/** RFC 6749 §3.3 scope-token characters. */
const SCOPE_PATTERN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** RFC 9110 header field-name token characters. */
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A scheme the manifest can express, as a provider. */
export interface MappedScheme {
  readonly id: string;
  readonly kind: 'oauth2' | 'apiKey';
  readonly provider: Json;
  /** The header the credential travels in (apiKey), lower-case. */
  readonly header?: string;
  /** The scope catalog, filled as operations name scopes. */
  readonly scopes?: Map<string, string>;
  /** Whether any tool uses it (only used providers are written). */
  used: boolean;
}

/** A tool's authorization, as the manifest writes it. */
export type Authorization =
  | 'none'
  | { method: 'oauth2'; provider: string; requiredScopes?: string[] }
  | { method: 'apiKey'; provider: string };

function httpsUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Maps `components.securitySchemes` once; operations then look their requirements up. */
export class SecurityMapper {
  private readonly schemes = new Map<string, MappedScheme | null>();
  private readonly ids = new UniqueNames(64);

  constructor(
    private readonly doc: Json,
    private readonly reporter: Reporter,
    private readonly resource: string,
  ) {
    const components = isObject(doc.components) ? doc.components : {};
    const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
    for (const [name, raw] of Object.entries(schemes)) {
      this.schemes.set(name, this.mapScheme(name, raw, child('/components/securitySchemes', name)));
    }
  }

  private mapScheme(name: string, raw: unknown, pointer: string): MappedScheme | null {
    const resolved = resolve(this.doc, raw, pointer, this.reporter, 'security scheme');
    if (resolved === undefined || !isObject(resolved.value)) return null;
    const scheme = resolved.value;
    const at = resolved.pointer;
    const description =
      typeof scheme.description === 'string' && scheme.description.trim() !== ''
        ? scheme.description
        : undefined;
    const id = this.ids.take(providerId(name));
    const unsupported = (why: string, hint: string): null => {
      this.reporter.warn(
        'OPENAPI_SECURITY_UNSUPPORTED',
        `The security scheme "${name}" ${why}`,
        at,
        hint,
      );
      return null;
    };
    if (scheme.type === 'apiKey') {
      if (scheme.in !== 'header') {
        return unsupported(
          `sends its API key in the ${String(scheme.in)}, which toolscope does not do: keys travel in a header, to the provider's origin only.`,
          'If the service also accepts the key in a header, declare that scheme (in: header) instead.',
        );
      }
      if (typeof scheme.name !== 'string' || !HEADER_NAME_PATTERN.test(scheme.name)) {
        return unsupported(
          'names no valid header.',
          'Set `name` to the header the key travels in.',
        );
      }
      return {
        id,
        kind: 'apiKey',
        header: scheme.name.toLowerCase(),
        used: false,
        provider: {
          type: 'apiKey',
          title: name,
          description: description ?? `The API key of ${name}, sent in the ${scheme.name} header.`,
          resource: this.resource,
          headerName: scheme.name,
        },
      };
    }
    if (scheme.type === 'http') {
      const kind = typeof scheme.scheme === 'string' ? scheme.scheme.toLowerCase() : '';
      if (kind !== 'bearer' && kind !== 'basic') {
        return unsupported(
          `uses HTTP "${String(scheme.scheme)}" authentication, which toolscope cannot forward.`,
          'Only bearer and basic credentials are forwarded as a header.',
        );
      }
      if (kind === 'basic') {
        this.reporter.warn(
          'OPENAPI_SECURITY_UNSUPPORTED',
          `The security scheme "${name}" is HTTP basic: its key is the base64 of "user:password", sent after "Basic ".`,
          at,
          'Each user stores that base64 text as their key; prefer a token scheme if the service has one.',
        );
      }
      return {
        id,
        kind: 'apiKey',
        header: 'authorization',
        used: false,
        provider: {
          type: 'apiKey',
          title: name,
          description:
            description ??
            (kind === 'bearer'
              ? `The bearer token of ${name}.`
              : `The basic credentials of ${name}.`),
          resource: this.resource,
          headerName: 'Authorization',
          valuePrefix: kind === 'bearer' ? 'Bearer ' : 'Basic ',
        },
      };
    }
    if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
      const scopes = new Map<string, string>();
      const provider: Json = { type: 'oauth2', title: name };
      if (description !== undefined) provider.description = description;
      let issuer: string | undefined;
      if (scheme.type === 'openIdConnect') {
        const url = httpsUrl(scheme.openIdConnectUrl);
        if (url !== undefined) issuer = url.replace(/\/\.well-known\/openid-configuration\/?$/, '');
        else {
          this.reporter.warn(
            'OPENAPI_SECURITY_UNSUPPORTED',
            `The openIdConnectUrl of "${name}" is not an absolute http(s) URL.`,
            child(at, 'openIdConnectUrl'),
            'Set the issuer in the manifest by hand.',
          );
        }
      } else {
        const flows = isObject(scheme.flows) ? scheme.flows : {};
        for (const [flowName, flow] of Object.entries(flows)) {
          if (!isObject(flow)) continue;
          const flowAt = child(child(at, 'flows'), flowName);
          for (const [key, target] of [
            ['authorizationUrl', 'authorizationEndpoint'],
            ['tokenUrl', 'tokenEndpoint'],
          ] as const) {
            if (flow[key] === undefined || provider[target] !== undefined) continue;
            const url = httpsUrl(flow[key]);
            if (url === undefined) {
              this.reporter.warn(
                'OPENAPI_SECURITY_UNSUPPORTED',
                `The ${key} of the ${flowName} flow is not an absolute http(s) URL, so it is not written.`,
                child(flowAt, key),
                'Write an absolute URL in the OpenAPI document.',
              );
            } else provider[target] = url;
          }
          if (isObject(flow.scopes)) {
            for (const [scope, what] of Object.entries(flow.scopes)) {
              if (!SCOPE_PATTERN.test(scope)) {
                this.reporter.warn(
                  'OPENAPI_SCOPE_INVALID',
                  `The scope "${scope}" has characters a scope may not hold (RFC 6749 §3.3): it is left out.`,
                  child(child(flowAt, 'scopes'), scope),
                );
              } else if (!scopes.has(scope))
                scopes.set(scope, typeof what === 'string' ? what : '');
            }
          }
        }
        const endpoint = (provider.authorizationEndpoint ?? provider.tokenEndpoint) as
          | string
          | undefined;
        if (endpoint !== undefined) {
          issuer = new URL(endpoint).origin;
          this.reporter.warn(
            'OPENAPI_ISSUER_GUESSED',
            `OpenAPI names no issuer for "${name}": the origin of its ${provider.authorizationEndpoint !== undefined ? 'authorization' : 'token'} endpoint, ${issuer}, is written.`,
            at,
            "Check it against the authorization server's metadata (its `issuer`).",
          );
        }
      }
      if (issuer === undefined) {
        issuer = new URL(this.resource).origin;
        this.reporter.warn(
          'OPENAPI_ISSUER_GUESSED',
          `"${name}" gives no usable endpoint: the API's origin, ${issuer}, is written as its issuer.`,
          at,
          'Set the real issuer in the manifest.',
        );
      }
      provider.issuer = issuer;
      provider.resource = this.resource;
      return { id, kind: 'oauth2', provider, scopes, used: false };
    }
    return unsupported(
      `is of type "${String(scheme.type)}", which toolscope cannot forward.`,
      'Tools that need it are imported with the next alternative, or without authorization.',
    );
  }

  /**
   * The authorization of one operation: `security` of the operation, else the
   * document's; the first alternative toolscope can express wins.
   */
  authorize(
    operation: Json,
    pointer: string,
  ): { authorization: Authorization; scheme?: MappedScheme } {
    const own = operation.security !== undefined;
    const list = own ? operation.security : this.doc.security;
    const at = own ? child(pointer, 'security') : '/security';
    if (!Array.isArray(list) || list.length === 0) return { authorization: 'none' };
    const candidates: Array<{
      authorization: Authorization;
      scheme?: MappedScheme;
      index: number;
    }> = [];
    list.forEach((requirement, index) => {
      if (!isObject(requirement)) return;
      const names = Object.keys(requirement);
      if (names.length === 0) {
        candidates.push({ authorization: 'none', index });
        return;
      }
      const reqAt = child(at, index);
      if (names.length > 1) {
        this.reporter.warn(
          'OPENAPI_SECURITY_ALTERNATIVES',
          `This requirement needs ${names.length} schemes at once (${names.join(', ')}); a tool forwards one credential, so only the first that can be forwarded is kept.`,
          reqAt,
        );
      }
      for (const name of names) {
        const scheme = this.schemes.get(name);
        if (scheme === undefined) {
          this.reporter.warn(
            'OPENAPI_SECURITY_UNSUPPORTED',
            `The requirement names "${name}", which components.securitySchemes does not define.`,
            child(reqAt, name),
            'Define the scheme, or fix the name.',
          );
          continue;
        }
        if (scheme === null) continue;
        if (scheme.kind === 'apiKey') {
          candidates.push({
            authorization: { method: 'apiKey', provider: scheme.id },
            scheme,
            index,
          });
          break;
        }
        const raw = requirement[name];
        const scopes: string[] = [];
        if (Array.isArray(raw)) {
          raw.forEach((scope, i) => {
            if (typeof scope !== 'string' || !SCOPE_PATTERN.test(scope)) {
              this.reporter.warn(
                'OPENAPI_SCOPE_INVALID',
                `The scope ${JSON.stringify(scope)} has characters a scope may not hold (RFC 6749 §3.3): it is left out.`,
                child(child(reqAt, name), i),
              );
              return;
            }
            if (scopes.includes(scope)) return;
            scopes.push(scope);
          });
        }
        candidates.push({
          authorization: {
            method: 'oauth2',
            provider: scheme.id,
            ...(scopes.length > 0 ? { requiredScopes: scopes } : {}),
          },
          scheme,
          index,
        });
        break;
      }
    });
    const chosen = candidates[0];
    if (list.length > 1 && chosen !== undefined) {
      this.reporter.warn(
        'OPENAPI_SECURITY_ALTERNATIVES',
        `${list.length} security alternatives; a tool has one authorization, so alternative ${chosen.index} is used${chosen.authorization === 'none' ? ' (none: the credential is optional)' : ''}.`,
        at,
        'Reorder the alternatives in the OpenAPI document to choose another.',
      );
    }
    if (chosen === undefined) {
      this.reporter.warn(
        'OPENAPI_SECURITY_UNSUPPORTED',
        'No security alternative of this operation can be forwarded by toolscope: the tool is imported without authorization, and the service will likely refuse its calls.',
        at,
        'Add a header apiKey, bearer or OAuth 2 scheme to the OpenAPI document if the service accepts one.',
      );
      return { authorization: 'none' };
    }
    if (chosen.scheme) {
      chosen.scheme.used = true;
      if (
        chosen.scheme.kind === 'oauth2' &&
        typeof chosen.authorization === 'object' &&
        chosen.authorization.method === 'oauth2'
      ) {
        for (const [i, scope] of (chosen.authorization.requiredScopes ?? []).entries()) {
          const catalog = chosen.scheme.scopes as Map<string, string>;
          if (catalog.has(scope)) continue;
          catalog.set(scope, '');
          const declared = (
            (this.doc.components as Json | undefined)?.securitySchemes as Json | undefined
          )?.[chosen.scheme.provider.title as string];
          if (isObject(declared) && declared.type === 'openIdConnect') continue;
          this.reporter.warn(
            'OPENAPI_SCOPE_UNDECLARED',
            `The scope "${scope}" is not listed by the flows of "${chosen.scheme.provider.title as string}": it is added to the provider's catalog without a description.`,
            child(child(child(at, chosen.index), chosen.scheme.provider.title as string), i),
            "List it under the flow's scopes with what it allows.",
          );
        }
      }
    }
    return chosen.scheme === undefined
      ? { authorization: chosen.authorization }
      : { authorization: chosen.authorization, scheme: chosen.scheme };
  }

  /** The providers the tools use, in scheme order. */
  providers(): Json {
    const out: Json = {};
    for (const scheme of this.schemes.values()) {
      if (!scheme?.used) continue;
      const provider = { ...scheme.provider };
      if (scheme.scopes !== undefined && scheme.scopes.size > 0)
        provider.scopes = Object.fromEntries(scheme.scopes);
      out[scheme.id] = provider;
    }
    return out;
  }
}
