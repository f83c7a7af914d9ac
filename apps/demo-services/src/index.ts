export { apiKeyAuthentication, type DepartmentCaller } from './api-key.js';
export { type BearerOptions, bearerAuthentication, type TokenCaller } from './bearer.js';
export { createCrmApi } from './crm.js';
export { createMeetingsApi } from './meetings.js';
export { createOrdersApi, type OrdersApiOptions } from './orders.js';
export {
  type DemoServicesConfig,
  type DemoServicesHandle,
  startDemoServices,
  type TokenApiConfig,
} from './services.js';
