import { describe, expect, it } from 'vitest';
import * as config from './config/index.js';
import * as codegen from './index.js';

describe('public exports', () => {
  it('pins the value exports', () => {
    expect(Object.keys(codegen).sort()).toMatchInlineSnapshot(`
      [
        "BUILTIN_PLUGINS",
        "CONFIG_FILES",
        "CONFIG_KEYS",
        "CodegenError",
        "DEFAULT_RUNTIME_VERSION",
        "DOCS_TEMPLATES",
        "GENERATED_HEADER",
        "GENERATED_LIST",
        "GENERATOR_VERSION",
        "LAYOUTS",
        "ManifestLoadError",
        "PACKAGE_EMITTERS",
        "PACKAGE_KINDS",
        "STAGES",
        "camelCase",
        "checkConfigShape",
        "createGenerator",
        "defineConfig",
        "definePlugin",
        "escapeForCode",
        "fillPattern",
        "loadConfig",
        "pascalCase",
        "planManifest",
        "planToolset",
        "readConfigFile",
        "readGeneratedList",
        "resolveConfig",
        "toolsetPreset",
        "writePackages",
      ]
    `);
  });
});

describe('@toolscope/codegen/config', () => {
  it('pins the value exports, the same objects as the main entry', () => {
    expect(Object.keys(config).sort()).toEqual([
      'BUILTIN_PLUGINS',
      'CONFIG_FILES',
      'CONFIG_KEYS',
      'DEFAULT_RUNTIME_VERSION',
      'LAYOUTS',
      'PACKAGE_KINDS',
      'checkConfigShape',
      'defineConfig',
      'fillPattern',
      'loadConfig',
      'readConfigFile',
      'resolveConfig',
    ]);
    const main = new Map(Object.entries(codegen));
    for (const [name, value] of Object.entries(config)) expect(main.get(name), name).toBe(value);
  });
});

describe('escapeForCode', () => {
  it('keeps every hostile string inside its literal or comment', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${ is the point of the test
    const hostile = 'a"b\'c`d${e}*/f\ng\u2028h\u2029i\\j</script>';
    const literal = codegen.escapeForCode(hostile, 'literal');
    expect(literal).not.toMatch(/[\n\u2028\u2029]/);
    expect(Function(`return ${literal};`)()).toBe(hostile);
    const doc = codegen.escapeForCode(hostile, 'doc');
    expect(doc).not.toContain('*/');
    expect(doc).not.toMatch(/[\u2028\u2029]/);
    expect(codegen.escapeForCode('ok_name', 'key')).toBe('ok_name');
    expect(codegen.escapeForCode('not ok', 'key')).toBe('"not ok"');
  });
  it('names methods by camelCase with deterministic suffixes on collision', () => {
    expect(codegen.camelCase('zoom_listPastMeetingParticipants')).toBe(
      'zoomListPastMeetingParticipants',
    );
    expect(codegen.camelCase('sink.ping-1')).toBe('sinkPing1');
    expect(codegen.pascalCase('kitchen-sink')).toBe('KitchenSink');
  });
});
