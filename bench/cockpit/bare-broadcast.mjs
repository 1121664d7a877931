// The baseline server of the fan-out benchmark: a bare `ws` server that broadcasts every message it
// receives on its control connection (`?role=control`) to every other client, as is. No Redis, no
// buffering policy, no resume: the floor that any fan-out gateway is compared against.
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
const clients = new Set();

server.on('connection', (socket, request) => {
  if (request.url?.includes('role=control')) {
    socket.on('message', (data) => {
      const frame = `{"type":"event","event":${data}}`;
      for (const client of clients) client.send(frame);
    });
    return;
  }
  clients.add(socket);
  socket.on('close', () => clients.delete(socket));
});

server.on('listening', () => {
  process.stdout.write(
    `${JSON.stringify({ msg: 'bare-broadcast listening', port: server.address().port })}\n`,
  );
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
