import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";

/**
 * A bound on open connections that idle ones cannot exhaust: a new connection over the bound
 * closes the connection idle the longest (no request in progress: kept alive after an answer, or
 * opened and never used); only when every connection is busy is the new one refused (closed).
 */
export class ConnectionLimit {
  // in the order they last became idle, oldest first; the count is of requests in progress
  readonly #sockets = new Map<Socket, number>();

  constructor(readonly limit: number) {}

  admit(socket: Socket): void {
    while (this.#sockets.size >= this.limit) {
      const idle = this.#oldestIdle();
      if (!idle) {
        socket.destroy();
        return;
      }
      this.#sockets.delete(idle);
      idle.destroy();
    }
    this.#sockets.set(socket, 0);
    socket.once("close", () => this.#sockets.delete(socket));
  }

  /** `socket` has a request in progress until `response` closes. */
  busy(socket: Socket, response: ServerResponse): void {
    const count = this.#sockets.get(socket);
    if (count === undefined) return;
    this.#sockets.set(socket, count + 1);
    response.once("close", () => {
      const left = this.#sockets.get(socket);
      if (left === undefined) return;
      // idle again: it moves to the back of the line
      this.#sockets.delete(socket);
      if (!socket.destroyed) this.#sockets.set(socket, left - 1);
    });
  }

  #oldestIdle(): Socket | undefined {
    for (const [socket, count] of this.#sockets) if (count === 0) return socket;
    return undefined;
  }
}
