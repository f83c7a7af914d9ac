import type { OrdersHandlers } from '@toolscope-demo/orders-server';
import { jsonBody, upstreamJson } from './upstream-json.js';

/** The order handlers: each forwards the department's API key, in the manifest's header. */
export function ordersHandlers(): OrdersHandlers {
  return {
    async ordersListOrders({ status }, ctx) {
      return upstreamJson(
        await ctx.fetch(status === undefined ? 'orders' : `orders?status=${status}`),
      );
    },
    async ordersGetOrder({ orderId }, ctx) {
      return upstreamJson(await ctx.fetch(`orders/${encodeURIComponent(orderId)}`));
    },
    async ordersCreateOrder(input, ctx) {
      return upstreamJson(await ctx.fetch('orders', jsonBody('POST', input)));
    },
    async ordersCancelOrder({ orderId, reason }, ctx) {
      return upstreamJson(
        await ctx.fetch(
          `orders/${encodeURIComponent(orderId)}/cancel`,
          jsonBody('POST', { reason }),
        ),
      );
    },
  };
}
