// Types of scripts/services.mjs, for the tests that start their own servers.
export declare const sleep: (ms: number) => Promise<void>;
export declare function freePort(): Promise<number>;
export declare function findRedisServer(): string | undefined;
export declare function findPostgresBinDir(): string | undefined;
export declare function killAll(): void;

declare class Server {
  readonly port: number;
  readonly dir: string;
  /** The server's pid while it runs. */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Stops the server (its whole process group) and waits until it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** SIGSTOP to the whole server. */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /** Synchronous SIGKILL, for exit handlers. */
  kill(): void;
  /** Stops the server and removes its directory. */
  dispose(): Promise<void>;
  /** Starts it again on the same port (and, for Postgres, the same data). */
  restart(): Promise<void>;
  readonly url: string;
}

export declare class RedisServer extends Server {
  static start(bin?: string): Promise<RedisServer>;
}

export declare class PostgresServer extends Server {
  static start(binDir?: string): Promise<PostgresServer>;
}
