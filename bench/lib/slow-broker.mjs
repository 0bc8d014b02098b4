// A deliberately slow MQTT broker for the sink routes: it reads one chunk per 50 ms and acks QoS 1 publishes 200 ms late.
import net from "node:net";

const readPauseMs = 50;
const pubackDelayMs = 200;

/** Splits MQTT packets out of a buffer; returns the packets and the unconsumed rest. */
function splitPackets(buffer) {
  const packets = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    let length = 0;
    let multiplier = 1;
    let index = offset + 1;
    let complete = false;
    while (index < buffer.length && index < offset + 5) {
      const byte = buffer[index++];
      length += (byte & 0x7f) * multiplier;
      multiplier *= 128;
      if ((byte & 0x80) === 0) {
        complete = true;
        break;
      }
    }
    if (!complete || buffer.length < index + length) break;
    packets.push({
      type: buffer[offset] >> 4,
      flags: buffer[offset] & 0x0f,
      body: buffer.subarray(index, index + length),
    });
    offset = index + length;
  }
  return { packets, rest: buffer.subarray(offset) };
}

function onConnection(socket) {
  let pending = Buffer.alloc(0);
  let level = 4;
  socket.on("error", () => socket.destroy());
  socket.on("data", (chunk) => {
    const { packets, rest } = splitPackets(Buffer.concat([pending, chunk]));
    pending = Buffer.from(rest);
    for (const packet of packets) {
      if (packet.type === 1) {
        // CONNECT: protocol name (2-byte length + bytes) then the protocol level.
        level = packet.body[2 + packet.body.readUInt16BE(0)] ?? 4;
        socket.write(level === 5 ? Buffer.from([0x20, 3, 0, 0, 0]) : Buffer.from([0x20, 2, 0, 0]));
      } else if (packet.type === 3 && ((packet.flags >> 1) & 3) > 0) {
        const topicLength = packet.body.readUInt16BE(0);
        const id = packet.body.readUInt16BE(2 + topicLength);
        setTimeout(
          () => socket.writable && socket.write(Buffer.from([0x40, 2, id >> 8, id & 0xff])),
          pubackDelayMs,
        );
      } else if (packet.type === 12) {
        socket.write(Buffer.from([0xd0, 0]));
      } else if (packet.type === 14) {
        socket.end();
      }
    }
    // Slowness by back-pressure: TCP windows fill, just as with an overloaded broker.
    socket.pause();
    setTimeout(() => socket.resume(), readPauseMs);
  });
}

/** Starts the slow broker on a free loopback port; resolves to { port, close }. */
export function startSlowBroker() {
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    onConnection(socket);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      resolve({
        port: server.address().port,
        close() {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      });
    });
  });
}
