// Copied next to the generated orders packages (every orders tool is declarative)
// and type-checked there: every `@ts-expect-error` must be an error.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type OrdersHandlers, registerOrdersTools } from './orders-server/src/index.js';

declare const server: McpServer;

// A declarative tool needs no handler: the whole toolset registers with none.
registerOrdersTools(server, {});

// A handler may still override a mapping, typed by the tool's input and output.
registerOrdersTools(server, {
  async ordersGetOrder({ orderId }, ctx) {
    const token: string = ctx.token;
    void token;
    return { order: { id: orderId, status: 'pending', lines: [{ sku: 'SKU-1', quantity: 1 }] } };
  },
});

// @ts-expect-error a handler for a tool the toolset does not have
registerOrdersTools(server, { ordersDeleteEverything: () => ({}) });

registerOrdersTools(server, {
  // @ts-expect-error an override must return the tool's output
  ordersGetOrder: () => ({ nope: true }),
});

// The handlers stay optional properties in the exported interface.
const none: OrdersHandlers = {};
void none;
