import { describe, expect, expectTypeOf, it } from 'vitest';
import { ToolscopeError, type ToolscopeErrorCode } from './index.js';

type ShopErrorCode = 'SHOP_CLOSED' | 'CONFIG_INVALID';

/** A package's typed error, the way each toolscope package declares one. */
class ShopError extends ToolscopeError<ShopErrorCode> {}

describe('ToolscopeError', () => {
  it('is generic over its code: a package subclass raises only the codes it declares', () => {
    const error = new ShopError('SHOP_CLOSED', 'The shop is closed.', {
      hint: 'Come back tomorrow.',
      location: { file: 'shop.yaml', line: 3, column: 5, pointer: '/hours' },
    });
    expectTypeOf(error.code).toEqualTypeOf<ShopErrorCode>();
    // @ts-expect-error a code the package does not declare does not compile
    new ShopError('VAULT_ROLLBACK', 'not ours');
    expect(error).toBeInstanceOf(ToolscopeError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ToolscopeError');
    expect(error.code).toBe('SHOP_CLOSED');
    expect(error.hint).toBe('Come back tomorrow.');
    expect(error.location?.pointer).toBe('/hours');
  });

  it('keeps .code checks across packages working, and the cause', () => {
    const cause = new Error('disk');
    const caught: unknown = new ShopError('CONFIG_INVALID', 'bad', { cause });
    if (!(caught instanceof ToolscopeError)) throw new Error('not a ToolscopeError');
    expect(caught.code === 'CONFIG_INVALID').toBe(true);
    expect(caught.cause).toBe(cause);
    expect(new ToolscopeError('INTERNAL', 'no cause').cause).toBeUndefined();
  });

  it('still infers a literal code when constructed directly (generated packages do)', () => {
    const direct = new ToolscopeError('VERIFIER_MISCONFIGURED', 'unset');
    expectTypeOf(direct.code).toEqualTypeOf<'VERIFIER_MISCONFIGURED'>();
    expectTypeOf<'VAULT_ROLLBACK'>().toExtend<ToolscopeErrorCode>();
  });
});
