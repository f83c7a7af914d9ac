import type { ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** One session of session mode. */
export interface Session {
  readonly transport: StreamableHTTPServerTransport;
  readonly server: Server | McpServer;
  /** Whose connection token opened it; a different subject never reaches it. */
  readonly subject: string | undefined;
}

interface Slot {
  readonly session: Session;
  /** Requests of this session still being answered (an open SSE stream counts). */
  active: number;
  timer: NodeJS.Timeout | undefined;
}

/** Bounds of session mode: how long a session may sit idle and how many may be open. */
export interface SessionLimits {
  readonly idleTimeoutMs: number;
  readonly maxSessions: number;
}

/**
 * The open sessions, each closed after `idleTimeoutMs` without a request in
 * flight, and at most `maxSessions` of them (counting ones being initialized),
 * so that abandoned or flooding clients cannot hold servers forever.
 */
export class SessionTable {
  readonly #slots = new Map<string, Slot>();
  readonly #limits: SessionLimits;
  #opening = 0;

  constructor(limits: SessionLimits) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#slots.size;
  }

  get(id: string): Session | undefined {
    return this.#slots.get(id)?.session;
  }

  /** Reserves room for a session about to be initialized; false when the table is full. */
  reserve(): boolean {
    if (this.#slots.size + this.#opening >= this.#limits.maxSessions) return false;
    this.#opening++;
    return true;
  }

  /** Gives back a reservation once its initialize request is answered. */
  release(): void {
    this.#opening = Math.max(0, this.#opening - 1);
  }

  add(id: string, session: Session): void {
    const slot: Slot = { session, active: 0, timer: undefined };
    this.#slots.set(id, slot);
    this.#arm(id, slot);
  }

  /** Marks a request of the session as in flight until its response closes. */
  track(id: string, res: ServerResponse): void {
    const slot = this.#slots.get(id);
    if (slot === undefined) return;
    slot.active++;
    clearTimeout(slot.timer);
    slot.timer = undefined;
    res.once('close', () => {
      slot.active--;
      if (slot.active === 0 && this.#slots.get(id) === slot) this.#arm(id, slot);
    });
  }

  /** Forgets a session (its transport closed); does not close it. */
  delete(id: string): void {
    const slot = this.#slots.get(id);
    if (slot === undefined) return;
    clearTimeout(slot.timer);
    this.#slots.delete(id);
  }

  /** Closes and forgets every session. */
  async closeAll(): Promise<void> {
    const open = [...this.#slots.values()];
    for (const slot of open) clearTimeout(slot.timer);
    this.#slots.clear();
    await Promise.all(open.map((slot) => closeSession(slot.session)));
  }

  #arm(id: string, slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      this.delete(id);
      void closeSession(slot.session);
    }, this.#limits.idleTimeoutMs);
    // An idle session must not keep the process alive.
    slot.timer.unref();
  }
}

async function closeSession(session: Session): Promise<void> {
  await session.transport.close();
  await session.server.close();
}
