export {
  KAFKA_TEST_BROKERS_DEFAULT,
  POSTGRES_TEST_URL_DEFAULT,
  isServiceReachable,
  requireService,
  serviceAddress,
  type ServiceAddress,
  type ServiceName,
} from './services';
