import { parseOrThrow, VesselWatchError } from '@vesselwatch/domain';
import { openStore, type Store } from '@vesselwatch/store';
import { NewUserSchema, addUser } from '@vesselwatch/server';
import type { AppConfig } from '../config';

export const USERS_ADD_USAGE = `Usage: vesselwatch users add --username NAME --display-name TEXT --role ROLE [--scope SCOPE]
                           [--role ROLE [--scope SCOPE]]... --password-stdin [--keep-password]

Adds a user to the configured database (DATABASE_URL, or the embedded one in VW_DATA_DIR); the password is
read from the first line of standard input (never from the command line, where other users could see it):

  printf '%s\\n' "$PASSWORD" | vesselwatch users add --username lan --display-name "Nguyen Thi Lan" \\
      --role port_officer --scope vn-nha-trang --password-stdin

  --role ROLE     admin, port_officer, inspector, owner or viewer; repeat for several roles
  --scope SCOPE   what the role before it is limited to: a port id or province:<name> (port_officer, viewer),
                  a vessel id (owner); none = everything (owners must have one)
  --keep-password do not ask for a new password at first login (default: the user must set their own)

The user name is the login name (lower case). An existing user name is refused (VW_ERR_CONFLICT).`;

interface UsersAddArgs {
  username?: string;
  displayName?: string;
  roles: Array<{ role: string; scope: string }>;
  passwordStdin: boolean;
  keepPassword: boolean;
}

export function parseUsersAddArgs(args: readonly string[]): UsersAddArgs {
  const bad = (detail: string) =>
    new VesselWatchError('VW_ERR_CONFIG_INVALID', { detail: `users add: ${detail}\n${USERS_ADD_USAGE}` });
  const out: UsersAddArgs = { roles: [], passwordStdin: false, keepPassword: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw bad(`${arg} needs a value`);
      return v;
    };
    if (arg === '--username') out.username = value();
    else if (arg === '--display-name') out.displayName = value();
    else if (arg === '--role') out.roles.push({ role: value(), scope: '' });
    else if (arg === '--scope') {
      const last = out.roles[out.roles.length - 1];
      if (!last) throw bad('--scope must follow the --role it limits');
      last.scope = value();
    } else if (arg === '--password-stdin') out.passwordStdin = true;
    else if (arg === '--keep-password') out.keepPassword = true;
    else throw bad(`unknown argument ${arg}`);
  }
  if (!out.passwordStdin) throw bad('give the password on standard input with --password-stdin');
  if (out.roles.length === 0) throw bad('give at least one --role');
  return out;
}

/** The first line of a stream (the password), without its line ending. */
export async function readFirstLine(input: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += chunk.toString();
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** `vesselwatch users add`: validates everything before opening the database; prints the new user. */
export async function runUsersAdd(
  config: AppConfig,
  args: string[],
  io: { input: AsyncIterable<Buffer | string>; write: (text: string) => void },
  open: (config: AppConfig) => Promise<Store> = (c) => openStore(c.database),
): Promise<number> {
  const parsed = parseUsersAddArgs(args);
  const password = await readFirstLine(io.input);
  const user = parseOrThrow(
    NewUserSchema,
    {
      username: parsed.username,
      displayName: parsed.displayName,
      password,
      roles: parsed.roles,
      mustChangePassword: !parsed.keepPassword,
    },
    'user',
    'VW_ERR_CONFIG_INVALID',
  );
  const store = await open(config);
  try {
    const created = await addUser(store, user);
    const roles = created.roles.map((r) => (r.scope ? `${r.role} (${r.scope})` : r.role)).join(', ');
    io.write(
      `Added user ${created.id} (${created.displayName}): ${roles}` +
        `${created.mustChangePassword ? '; a new password is required at first login' : ''}.\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
