/**
 * The error catalogue: every error VesselWatch raises on purpose has a stable code here.
 * `message` says what went wrong and what to do about it; `retriable` marks failures of I/O that may pass
 * (a broker or database that is restarting), which callers retry with back-off instead of giving up.
 * Every code is documented in docs/errors.md (a test checks it).
 */
export interface ErrorDefinition {
  readonly retriable: boolean;
  readonly message: string;
}

export const ERROR_CATALOGUE = {
  VW_ERR_CONFIG_INVALID: {
    retriable: false,
    message:
      'The configuration is invalid; fix the named environment variable (see README, "Configuration").',
  },
  VW_ERR_INPUT_INVALID: {
    retriable: false,
    message: 'The input does not match its schema; the details name each field and what is wrong with it.',
  },
  VW_ERR_ZONE_FILE_INVALID: {
    retriable: false,
    message:
      'The boundary file cannot be imported; details.problems names each bad feature and what is wrong with it. Nothing was changed: the active zone set is the one before the import.',
  },
  VW_ERR_BUS_UNAVAILABLE: {
    retriable: true,
    message: 'The message bus (Kafka) cannot be reached; check KAFKA_BROKERS and that the brokers are up.',
  },
  VW_ERR_BUS_SEND_FAILED: {
    retriable: true,
    message:
      'The message bus did not acknowledge a write; the messages were not accepted and should be sent again.',
  },
  VW_ERR_BUS_COMMIT_FAILED: {
    retriable: true,
    message:
      'Committing consumer offsets failed; the batch will be delivered again, which idempotent handlers tolerate.',
  },
  VW_ERR_BUS_TOPIC_UNKNOWN: {
    retriable: false,
    message: 'The topic does not exist; create it first (the apps do this on start-up with ensureTopics).',
  },
  VW_ERR_BUS_CLOSED: {
    retriable: false,
    message: 'The bus, producer or consumer was already closed; create a new one.',
  },
  VW_ERR_DB_UNAVAILABLE: {
    retriable: true,
    message: 'The database cannot be reached; check DATABASE_URL and that the server is up.',
  },
  VW_ERR_DB_AUTH_FAILED: {
    retriable: false,
    message:
      'The database refused the login or does not exist; check the user, password and database name in DATABASE_URL.',
  },
  VW_ERR_DB_LOCKED: {
    retriable: false,
    message:
      'Another VesselWatch process has this embedded database open; stop it, or give this one its own VW_DATA_DIR.',
  },
  VW_ERR_DB_QUERY_FAILED: {
    retriable: false,
    message: 'A database statement failed; the details carry the statement name and the database error.',
  },
  VW_ERR_DB_MIGRATION_FAILED: {
    retriable: false,
    message: 'A schema migration failed and was rolled back; the details name the migration and the error.',
  },
  VW_ERR_DB_MIGRATION_CHANGED: {
    retriable: false,
    message:
      'A migration that was already applied has been edited since; never edit applied migrations, add a new one.',
  },
  VW_ERR_DB_URL_INVALID: {
    retriable: false,
    message:
      'DATABASE_URL is not a postgres:// or postgresql:// URL; fix it or unset it for the embedded database.',
  },
  VW_ERR_PROCESSOR_OFFSET_CONFLICT: {
    retriable: true,
    message:
      "Another processor applied messages of this partition meanwhile (a rebalance); this processor reloads the partition's state from the database and continues.",
  },
  VW_ERR_PROCESSOR_OFFSET_GAP: {
    retriable: true,
    message:
      'The bus delivered a partition from beyond the first message the database has not applied, so messages in between would be skipped; the processor refused the batch and went back to the stored offset (see docs/processor.md).',
  },
  VW_ERR_PROCESSOR_MESSAGES_EXPIRED: {
    retriable: false,
    message:
      'The bus deleted fixes (retention) before the processor applied them; they cannot be read again. The processor goes on from the first fix still on the bus; details give the lost offset range (see docs/processor.md).',
  },
  VW_ERR_PROCESSOR_NO_ZONE_SET: {
    retriable: false,
    message:
      'The database has no active zone set, so the processor cannot check fixes; load and activate one (the all-in-one start does) and start the processor again.',
  },
  VW_ERR_INGEST_REJECTED: {
    retriable: false,
    message:
      'Some input lines were rejected; details.rejections names each line, the reason and what is wrong. The other lines were accepted.',
  },
  VW_ERR_GATEWAY_AUTH: {
    retriable: false,
    message: 'The request has no valid API key; send the key of your provider in the X-API-Key header.',
  },
  VW_ERR_GATEWAY_BUSY: {
    retriable: true,
    message:
      'The gateway is waiting for the message bus to catch up; send the same request again after Retry-After seconds.',
  },
  VW_ERR_PAYLOAD_TOO_LARGE: {
    retriable: false,
    message: 'The request body is larger than the gateway accepts; split it into smaller batches.',
  },
  VW_ERR_FORMAT_UNKNOWN: {
    retriable: false,
    message:
      'The input format is unknown or could not be recognised; name it (naf, nmea, json, csv, gfw-json).',
  },
  VW_ERR_AUTH_REQUIRED: {
    retriable: false,
    message: 'Not logged in, or the session has expired; log in again (POST /api/auth/login).',
  },
  VW_ERR_AUTH_FAILED: {
    retriable: false,
    message:
      'The user name or password is wrong, or the account is disabled; check them or ask an administrator.',
  },
  VW_ERR_PASSWORD_CHANGE_REQUIRED: {
    retriable: false,
    message:
      'This account has a one-time password; set your own with POST /api/auth/password before anything else.',
  },
  VW_ERR_FORBIDDEN: {
    retriable: false,
    message:
      "Your role does not allow this, or the vessel is outside your role's scope; ask an administrator.",
  },
  VW_ERR_NOT_FOUND: {
    retriable: false,
    message: 'No such resource (or none you may see); check the id.',
  },
  VW_ERR_CONFLICT: {
    retriable: false,
    message:
      'The request conflicts with what is stored (the id or registration number is taken, or it was already done); the details say what.',
  },
  VW_ERR_RATE_LIMITED: {
    retriable: true,
    message: 'Too many attempts; wait the Retry-After seconds before trying again.',
  },
  VW_ERR_INTERNAL: {
    retriable: false,
    message:
      'An unexpected error (a bug) stopped the request; it is logged with its stack under the request id. Report it.',
  },
  VW_ERR_NOTIFY_SEND_FAILED: {
    retriable: true,
    message:
      'A notification channel (SMS gateway, SMTP server, webhook receiver, bus) did not accept the message for a reason that may pass (network, timeout, throttling, server error); the notifier tries again with back-off.',
  },
  VW_ERR_NOTIFY_REJECTED: {
    retriable: false,
    message:
      'A notification channel refused the message for good (a 4xx answer, an SMTP 5xx, a subscription without its secret); the delivery is dead: fix the address or subscription, it is not tried again.',
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];
