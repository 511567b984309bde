import { createServer, type Server, type Socket } from 'node:net';

export interface SilentServer {
  readonly port: number;
  /** Cuts every connection and stops listening: waiting clients then fail at once. */
  close(): Promise<void>;
}

/** A TCP server on 127.0.0.1 that accepts connections and never says a word: a database that hangs on connect. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
