import type { RequestListener } from 'node:http';
import { apiKeyAuthentication, type DepartmentCaller } from './api-key.js';
import { createApi, type Route } from './http-kit.js';

interface OrderLine {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}
interface Order {
  id: string;
  department: string;
  status: 'pending' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled';
  customerId: string;
  lines: OrderLine[];
  totalCents: number;
  createdAt: string;
}

/** Options of the order service. */
export interface OrdersApiOptions {
  /** The header the key travels in (the orders manifest's `headerName`). */
  readonly headerName: string;
  /** API keys by department. */
  readonly keys: Readonly<Record<string, string>>;
  /** Path prefix of the API, e.g. `/api/v1`. */
  readonly basePath: string;
}

const total = (lines: readonly OrderLine[]) =>
  lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
const publicOrder = ({ department: _department, ...order }: Order) => order;

/** The order service: a department's API key lets it see and change only its own orders. */
export function createOrdersApi(options: OrdersApiOptions): RequestListener {
  const orders: Order[] = Object.keys(options.keys).flatMap((department, d) =>
    [1, 2].map((n) => {
      const lines = [{ sku: `SKU-${d}${n}00`, quantity: n, unitPriceCents: 1250 }];
      return {
        id: `${department}-${1000 + n}`,
        department,
        status: n === 1 ? ('shipped' as const) : ('pending' as const),
        customerId: `cust-${d}${n}`,
        lines,
        totalCents: total(lines),
        createdAt: `2026-03-0${n}T09:00:00Z`,
      };
    }),
  );
  const own = (caller: DepartmentCaller, id: string | undefined) =>
    orders.find((o) => o.id === id && o.department === caller.department);
  const notFound = { status: 404, body: { error: 'order_not_found' } };
  const routes: Route<DepartmentCaller>[] = [
    {
      method: 'GET',
      path: /^\/orders$/,
      handle: ({ caller, query }) => {
        const status = query.get('status');
        const mine = orders
          .filter((o) => o.department === caller.department)
          .filter((o) => status === null || o.status === status)
          .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
        return { status: 200, body: { orders: mine.map(publicOrder), nextCursor: null } };
      },
    },
    {
      method: 'GET',
      path: /^\/orders\/(?<id>[\w-]+)$/,
      handle: ({ caller, params }) => {
        const order = own(caller, params['id']);
        return order === undefined
          ? notFound
          : { status: 200, body: { order: publicOrder(order) } };
      },
    },
    {
      method: 'POST',
      path: /^\/orders$/,
      handle: ({ caller, body }) => {
        const lines = Array.isArray(body['lines']) ? (body['lines'] as OrderLine[]) : [];
        const order: Order = {
          id: `${caller.department}-${1000 + orders.length + 1}`,
          department: caller.department,
          status: 'pending',
          customerId: String(body['customerId'] ?? ''),
          lines: lines.map((l) => ({ ...l, unitPriceCents: l.unitPriceCents ?? 1000 })),
          totalCents: 0,
          createdAt: new Date().toISOString(),
        };
        order.totalCents = total(order.lines);
        orders.push(order);
        return { status: 201, body: { order: publicOrder(order) } };
      },
    },
    {
      method: 'POST',
      path: /^\/orders\/(?<id>[\w-]+)\/cancel$/,
      handle: ({ caller, params }) => {
        const order = own(caller, params['id']);
        if (order === undefined) return notFound;
        if (order.status === 'shipped' || order.status === 'delivered') {
          return { status: 409, body: { error: 'already_shipped' } };
        }
        order.status = 'cancelled';
        return { status: 200, body: { order: publicOrder(order) } };
      },
    },
  ];
  return createApi(
    routes,
    apiKeyAuthentication(options.headerName, options.keys),
    options.basePath,
  );
}
