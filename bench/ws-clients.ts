import WebSocket from 'ws';

/**
 * Dashboards for S5: a few lines of graphql-transport-ws over `ws` (init, ack, subscribe, next,
 * pong) instead of the graphql-ws client, so that a thousand of them cost the load generator
 * little. Every `next` is parsed (a dashboard would) and handed to `onEvent` with its arrival time.
 */
export interface Dashboards {
  readonly count: number;
  close(): void;
}

export async function connectDashboards(
  wsUrl: string, authorization: string, query: string, count: number,
  onEvent: (data: { messageAdded?: { body?: string } }, at: number) => void,
): Promise<Dashboards> {
  const sockets: WebSocket[] = [];
  const connectOne = () => new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(wsUrl, 'graphql-transport-ws', { perMessageDeflate: false });
    const timer = setTimeout(() => reject(new Error('WebSocket connect/ack timed out')), 15_000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization } })));
    ws.on('message', (raw) => {
      const at = performance.now();
      const msg = JSON.parse(String(raw)) as { type: string; payload?: { data?: unknown; errors?: unknown } };
      if (msg.type === 'connection_ack') {
        clearTimeout(timer);
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
        resolve(ws);
      } else if (msg.type === 'next' && msg.payload?.data) {
        onEvent(msg.payload.data as never, at);
      } else if (msg.type === 'ping') {
        ws.send('{"type":"pong"}');
      } else if (msg.type === 'error' || msg.payload?.errors) {
        process.stderr.write(`  dashboard got an error: ${String(raw).slice(0, 300)}\n`);
      }
    });
    ws.on('error', (e) => { clearTimeout(timer); reject(e); });
    ws.on('close', (code) => { clearTimeout(timer); reject(new Error(`closed ${code}`)); });
  });
  // 50 at a time: a thousand simultaneous handshakes measure the accept queue, not the server.
  for (let i = 0; i < count; i += 50) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, count - i) }, connectOne))));
  }
  return {
    count: sockets.length,
    close: () => { for (const s of sockets) s.terminate(); },
  };
}
