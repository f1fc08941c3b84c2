export { SimServer } from './sim-server';
export type { ErrorBodyBuilder, SimHandler, SimRequest, SimServerOptions } from './sim-server';
export type { SimResponse } from './respond';
export { SimClock } from './clock';
export { SimStats } from './stats';
export type { SimStatsSnapshot } from './stats';
export {
  DEFAULT_HUGE_BYTES,
  DEFAULT_REDIRECT_LOCATION,
  LEAKY_ERROR_BODY,
  FaultRegistry,
  FaultSpecError,
  parseFaultSpec,
} from './faults';
export type { FaultRule, FaultSpec, FaultType } from './faults';
export { guarded, header } from './handlers';
export type { SimRefusal } from './handlers';
