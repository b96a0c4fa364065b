export {
  KAFKA_TEST_BROKERS_DEFAULT,
  POSTGRES_TEST_URL_DEFAULT,
  isServiceReachable,
  requireService,
  serviceAddress,
  type ServiceAddress,
  type ServiceName,
} from './services';
export {
  SCENARIO_FOREIGN_ZONE_ID,
  SCENARIO_T0_MS,
  SCENARIO_ZONE_SET_VERSION,
  expectedOutcome,
  scenarioFixes,
  scenarioProfile,
  scenarioVessels,
  scenarioZones,
  type ExpectedOutcome,
  type FleetScenarioOptions,
} from './fleet-scenario';
export {
  CHROMIUM_HEADLESS_ARGS,
  CHROMIUM_PATH_DEFAULT,
  chromiumPath,
  isChromiumUsable,
  requireChromium,
} from './chromium';
export { jsonLinesLogger, requiredEnv } from './child-process';
export { startJsonLinesChild, type JsonLinesChild } from './json-lines-child';
