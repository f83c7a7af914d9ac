import type { ServerResponse } from 'node:http';
import { ServerError } from './errors.js';

/** The longest delay setTimeout honours (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** One session of session mode, whichever SDK line serves it. */
export interface Session {
  /** Whose connection token opened it; a different principal never reaches it. */
  readonly subject: string | undefined;
  /** Closes the session's transport and server. */
  close(): Promise<void>;
}

interface Slot<S extends Session> {
  readonly session: S;
  /** POST/DELETE requests of this session still being answered. */
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
export class SessionTable<S extends Session = Session> {
  readonly #slots = new Map<string, Slot<S>>();
  readonly #limits: SessionLimits;
  #opening = 0;

  constructor(limits: SessionLimits) {
    // setTimeout turns delays above 2^31−1 ms, Infinity or below 1 into 1 ms, which
    // would close every session at once; a NaN cap would remove the cap.
    const { idleTimeoutMs, maxSessions } = limits;
    if (!Number.isInteger(idleTimeoutMs) || idleTimeoutMs < 1 || idleTimeoutMs > MAX_TIMER_MS) {
      throw new ServerError(
        'CONFIG_INVALID',
        `sessionIdleTimeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS}.`,
        { hint: 'Use the default (15 minutes) or a value such as 3_600_000 for an hour.' },
      );
    }
    if (!Number.isInteger(maxSessions) || maxSessions < 1) {
      throw new ServerError('CONFIG_INVALID', 'maxSessions must be a whole number of at least 1.');
    }
    this.#limits = limits;
  }

  get size(): number {
    return this.#slots.size;
  }

  get(id: string): S | undefined {
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

  add(id: string, session: S): void {
    const slot: Slot<S> = { session, active: 0, timer: undefined };
    this.#slots.set(id, slot);
    this.#arm(id, slot);
  }

  /**
   * Marks a request of the session as in flight until its response closes. The
   * standalone GET event stream does not count: SDK clients keep it open for the
   * whole session, and a dead peer's stream must not hold its session (and a slot
   * of `maxSessions`) forever. Idle expiry closes the transport, and the stream with it.
   */
  track(id: string, res: ServerResponse, method: string | undefined): void {
    const slot = this.#slots.get(id);
    if (slot === undefined || method === 'GET') return;
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
    await Promise.all(open.map((slot) => closeSession(slot.session).catch(() => undefined)));
  }

  #arm(id: string, slot: Slot<S>): void {
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      this.delete(id);
      // A failed close must not become an unhandled rejection that ends the process.
      closeSession(slot.session).catch(() => undefined);
    }, this.#limits.idleTimeoutMs);
    // An idle session must not keep the process alive.
    slot.timer.unref();
  }
}

function closeSession(session: Session): Promise<void> {
  return session.close();
}
