/**
 * A real TCP relay in front of a test server (127.0.0.1, its own port) that a test can switch
 * off and on, or slow down: the browser then meets a real refused connection or a slow link,
 * not a stubbed request.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export async function switchProxy(target: string) {
  const { port: targetPort } = new URL(target);
  const sockets = new Set<net.Socket>();
  let delayMs = 0;
  let isUp = true;
  let server = net.createServer(relay);
  function relay(client: net.Socket) {
    const upstream = net.connect(Number(targetPort), '127.0.0.1');
    sockets.add(client).add(upstream);
    // Each chunk from the browser waits `delayMs` (a slow link) before it goes on.
    client.on('data', (chunk) => {
      client.pause();
      setTimeout(() => { upstream.write(chunk); client.resume(); }, delayMs);
    });
    upstream.pipe(client);
    const end = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    slow(ms: number) { delayMs = ms; },
    /** Refuses connections from now on and cuts the open ones (the server is down). */
    async down() {
      isUp = false;
      await new Promise<void>((resolve) => { server.close(() => resolve()); for (const s of sockets) s.destroy(); });
    },
    /** Listens again on the same port (if it is down). */
    async up() {
      if (isUp) return;
      isUp = true;
      server = net.createServer(relay);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    close() { for (const s of sockets) s.destroy(); return new Promise<void>((resolve) => server.close(() => resolve())); },
  };
}
