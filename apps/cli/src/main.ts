import { isVesselWatchError } from '@vesselwatch/domain';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { runStartCommand } from './commands/start';
import { runReplayCommand } from './commands/replay';
import { runProcessorCommand } from './commands/processor';
import { runNotifierCommand } from './commands/notifier';
import { runSubscriptionsCommand } from './commands/subscriptions';
import { GEO_CLASSIFY_USAGE, runGeoClassify } from './commands/geo-classify';
import { loadActiveZoneSet } from './commands/active-zone-set';
import { ZONES_EXPORT_USAGE, runZonesExport } from './commands/zones-export';
import { ZONES_IMPORT_USAGE, runZonesImport } from './commands/zones-import';
import { USERS_ADD_USAGE, runUsersAdd } from './commands/users-add';
import packageJson from '../package.json' with { type: 'json' };

const USAGE = `Usage: vesselwatch <command>

Commands:
  start       run the all-in-one system (gateway, fleet simulator, server) on the configured
              bus and database; embedded defaults when KAFKA_BROKERS and DATABASE_URL are unset
  processor   run one member of the processor group (rules, alerts, live positions) on Kafka and a
              database server (KAFKA_BROKERS, DATABASE_URL); /metrics, /healthz, /readyz on VW_PROCESSOR_PORT
  notifier    run one member of the notifier group (alerts to SMS, e-mail, webhooks, terminal downlink) on
              Kafka and a database server (KAFKA_BROKERS, DATABASE_URL; channels: VW_SMS_*, VW_SMTP_*)
  subscriptions  who gets which alerts: vesselwatch subscriptions list|add|remove|deliveries
              (vesselwatch subscriptions --help)
  replay      feed files (NAF, NMEA, CSV, JSON, GFW JSON lines) through the gateway path onto the bus:
              vesselwatch replay <file or directory>... [--format F] [--speed 3600x|max]
  geo classify  read CSV lon,lat[,flag] on stdin, write lon,lat,zone_ids,nearest_foreign_nm
              (vesselwatch geo classify --help)
  zones export  write the active zone set: vesselwatch zones export --format geojson
  zones import  import an official boundary file (GeoJSON, KML, zipped Shapefile) as a new zone-set
              version: vesselwatch zones import <file> [--dry-run] [--kind K] [--jurisdiction ISO3]
  users add   add a user (admin, port_officer, inspector, owner, viewer), password on stdin:
              vesselwatch users add --username U --display-name D --role R [--scope S] --password-stdin
  help        show this text
  version     print the version

Configuration comes from environment variables: see README.md, "Configuration".`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  start: async () => {
    const config = loadConfig(process.env);
    return runStartCommand(config, createLogger(config.logLevel));
  },
  processor: async () => {
    const config = loadConfig(process.env);
    return runProcessorCommand(config, createLogger(config.logLevel));
  },
  notifier: async () => {
    const config = loadConfig(process.env);
    return runNotifierCommand(config, createLogger(config.logLevel));
  },
  subscriptions: async (args) =>
    runSubscriptionsCommand(loadConfig(process.env), args, {
      write: (text) => process.stdout.write(text),
      stdin: process.stdin,
    }),
  replay: async (args) => runReplayCommand(loadConfig(process.env), args),
  geo: async ([sub, ...rest]) => {
    if (sub !== 'classify' || rest.includes('--help')) {
      console.log(GEO_CLASSIFY_USAGE);
      return sub === 'classify' ? 0 : 2;
    }
    const error = (text: string) => process.stderr.write(text);
    return runGeoClassify(
      rest,
      { input: process.stdin, write: (text) => process.stdout.write(text), error },
      async () => (await loadActiveZoneSet(loadConfig(process.env), error)).zones,
    );
  },
  zones: async ([sub, ...rest]) => {
    if (sub === 'import') {
      if (rest.includes('--help') || rest.length === 0) {
        console.log(ZONES_IMPORT_USAGE);
        return rest.length === 0 ? 2 : 0;
      }
      return runZonesImport(loadConfig(process.env), rest, (text) => process.stdout.write(text));
    }
    if (sub !== 'export' || rest.includes('--help')) {
      console.log(ZONES_EXPORT_USAGE);
      return sub === 'export' ? 0 : 2;
    }
    // A reader that stops early (`| head`) is not an error; a slow one gets backpressure.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
    return runZonesExport(
      rest,
      (text) =>
        process.stdout.write(text)
          ? undefined
          : new Promise<void>((resolve) => process.stdout.once('drain', resolve)),
      () => loadActiveZoneSet(loadConfig(process.env), (text) => process.stderr.write(text)),
    );
  },
  users: async ([sub, ...rest]) => {
    if (sub !== 'add' || rest.includes('--help')) {
      console.log(USERS_ADD_USAGE);
      return sub === 'add' ? 0 : 2;
    }
    return runUsersAdd(loadConfig(process.env), rest, {
      input: process.stdin,
      write: (text) => process.stdout.write(text),
    });
  },
  help: async () => {
    console.log(USAGE);
    return 0;
  },
  version: async () => {
    console.log(packageJson.version);
    return 0;
  },
};

/** Runs one command and returns the process exit code; errors are printed with their code and advice. */
export async function main(argv: string[]): Promise<number> {
  const [name = 'help', ...args] = argv;
  const command =
    commands[name === '--help' || name === '-h' ? 'help' : name === '--version' ? 'version' : name];
  if (!command) {
    console.error(`vesselwatch: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(args);
  } catch (error) {
    // Catalogued errors already say what to do; anything else is a bug and gets its stack.
    console.error(isVesselWatchError(error) ? `vesselwatch: ${error.message}` : error);
    return 1;
  }
}
